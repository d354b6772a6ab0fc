namespace KoJudge.TestSupport;

/// <summary>
/// Finds the project's shared data (LogicKor, KUDGE, the seed), which is read at test time and never committed:
/// <c>$KOJUDGE_SHARED_DIR</c> if set, else the <c>shared</c> folder beside the repository.
/// A missing folder fails the test with the place it looked, rather than skipping it silently.
/// </summary>
internal static class SharedData
{
    public static string Root { get; } = Locate();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KOJUDGE_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"KOJUDGE_SHARED_DIR={fromEnvironment} does not exist.");
        }
        var repository = RepositoryRoot();
        var shared = Path.GetFullPath(Path.Combine(repository, "..", "shared"));
        return Directory.Exists(Path.Combine(shared, "data"))
            ? shared
            : throw new DirectoryNotFoundException($"No shared data beside the repository at {shared}; set KOJUDGE_SHARED_DIR.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KoJudge.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"KoJudge.slnx not found above {AppContext.BaseDirectory}.");
    }
}
