namespace KoJudge.TestSupport;

/// <summary>
/// Finds the third-party data that tests read and the repository never holds (LogicKor, KUDGE, the seed's card):
/// <c>$KOJUDGE_SHARED_DIR</c> if set, else the <c>shared</c> folder beside the repository.
/// A test that needs a part that is not there is skipped, and the skip names the part and where it was looked for.
/// </summary>
internal static class SharedData
{
    private const string Variable = "KOJUDGE_SHARED_DIR";

    /// <summary>What each part holds, by its folder under the shared root.</summary>
    private static readonly Dictionary<string, string> Parts = new(StringComparer.Ordinal)
    {
        ["data/logickor"] = "LogicKor's questions and judgments",
        ["data/kudge"] = "KUDGE's false-information items and its judges' results",
        ["seed"] = "the seed's model card and prompt",
    };

    /// <summary>
    /// The path of <paramref name="parts"/> under the shared root, whose first folders name the part
    /// (<c>"data", "logickor"</c>, <c>"data", "kudge"</c> or <c>"seed"</c>); the calling test is skipped when that part is missing.
    /// </summary>
    public static string PathOf(params string[] parts)
    {
        var part = parts is ["data", var name, ..] ? $"data/{name}" : parts[0];
        if (!Parts.TryGetValue(part, out var holds))
        {
            throw new ArgumentException($"'{part}' is no part of the shared data; known: {string.Join(", ", Parts.Keys)}.", nameof(parts));
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        var (root, shown) = string.IsNullOrEmpty(fromEnvironment)
            ? (Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared")), "../shared")
            : (Path.GetFullPath(fromEnvironment), $"${Variable}");
        var folder = Path.Combine(root, part);
        Assert.SkipUnless(
            Directory.Exists(folder),
            $"needs {shown}/{part} ({holds}); not found at {folder} — "
            + (string.IsNullOrEmpty(fromEnvironment) ? $"set {Variable}" : $"{Variable} is {fromEnvironment}"));
        return Path.Combine([root, .. parts]);
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
