namespace KoJudge.Cli.Caching;

/// <summary>Where KoJudge keeps what it makes for itself (the response cache, the details of failures).</summary>
public static class CacheDirectory
{
    /// <summary><c>$KOJUDGE_CACHE_DIR</c>, else <c>~/.cache/kojudge</c>.</summary>
    public static string Of(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment("KOJUDGE_CACHE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kojudge");
    }
}
