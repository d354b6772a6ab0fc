namespace KoJudge.Cli.Tests.Support;

/// <summary>Paths a command can neither write nor read, made afresh in a folder of their own.</summary>
internal sealed class HostilePaths
{
    public HostilePaths()
    {
        Root = Directory.CreateTempSubdirectory("kojudge-paths-").FullName;
        Directory.CreateDirectory(Folder);
        File.WriteAllText(AFile, "not json\n");
    }

    public string Root { get; }

    /// <summary>A folder where a file is wanted.</summary>
    public string Folder => Path.Combine(Root, "a-folder");

    /// <summary>A file that is no command's input or output: its one line is not JSON.</summary>
    public string AFile => Path.Combine(Root, "a-file");

    /// <summary>A path whose folder is a file.</summary>
    public string UnderAFile => Path.Combine(AFile, "out.jsonl");

    public string Missing => Path.Combine(Root, "no-such-folder", "no-such-file.jsonl");

    /// <summary>In the kernel's /proc, where no file can be made (and those there are switches).</summary>
    public static string UnderProc => "/proc/kojudge-test/out.jsonl";

    public static bool HaveProc => File.Exists("/proc/self/mounts");

    /// <summary>Each hostile path with what it is, for a test to try them all.</summary>
    public IEnumerable<(string Kind, string Path)> All()
    {
        yield return ("a folder", Folder);
        yield return ("a file that is not JSON", AFile);
        yield return ("a path under a file", UnderAFile);
        yield return ("a missing file in a missing folder", Missing);
        yield return ("an empty path", "");
        if (HaveProc)
        {
            yield return ("a path in /proc", UnderProc);
        }
    }

    /// <summary>Everything in <see cref="Root"/>, to show that a refused command left nothing behind.</summary>
    public IReadOnlyList<string> Contents() =>
        Directory.GetFileSystemEntries(Root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal).ToList();
}
