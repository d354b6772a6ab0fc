namespace KoJudge.Cli.Paths;

/// <summary>
/// The one place where the paths a command will write (outputs, output folders, the response cache, reports) are
/// checked, before an engine starts or a model loads. A path that cannot be written is refused on one line that names
/// it and what is wrong, and nothing is made for it: a bad path costs neither minutes of loading nor a file left behind.
/// </summary>
/// <example><c>if (!new OutputPathCheck(console).File("--output", path).File("--json", json).Passed) return ExitCodes.BadInput;</c></example>
public sealed class OutputPathCheck(CliConsole console, MountTable? mounts = null)
{
    // The kernel's own file systems: their files are switches and figures, and a row written there is lost or worse.
    private static readonly HashSet<string> KernelFileSystems = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "cgroup", "cgroup2", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "efivarfs",
        "binfmt_misc", "fusectl", "mqueue", "nsfs", "selinuxfs", "hugetlbfs", "rpc_pipefs", "autofs",
    };

    private readonly MountTable mounts = mounts ?? MountTable.Current();

    /// <summary>False once any path was refused; each refusal is on stderr by then.</summary>
    public bool Passed { get; private set; } = true;

    /// <summary>Checks a file the command will write (made, appended to or replaced); nothing to check where <paramref name="path"/> is null.</summary>
    /// <param name="name">How the line names the path: its flag (<c>--output</c>), or what it is where no flag gave it.</param>
    /// <param name="advice">What to do instead, added to the line.</param>
    public OutputPathCheck File(string name, string? path, string? advice = null) => Report(name, path, path is null ? null : FileProblem(path, mounts), advice);

    /// <summary>Checks a folder the command will write files into.</summary>
    public OutputPathCheck Folder(string name, string? path, string? advice = null) => Report(name, path, path is null ? null : FolderProblem(path, mounts), advice);

    /// <summary>Why a file cannot be written at <paramref name="path"/>, or null where it can.</summary>
    public static string? FileProblem(string path, MountTable mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (FullPath(path) is not { } full)
        {
            return string.IsNullOrWhiteSpace(path) ? "names no file" : "is not a valid path";
        }
        if (Directory.Exists(full))
        {
            return "is a directory";
        }
        if (Path.EndsInDirectorySeparator(path))
        {
            return "ends in a separator, so it names a folder, not a file";
        }
        var (folder, problem) = NearestFolder(Path.GetDirectoryName(full));
        if (problem is not null)
        {
            return problem;
        }
        var exists = System.IO.File.Exists(full);
        return Refusal(exists ? full : folder, mounts) ?? (exists ? ProbeFile(full) : ProbeFolder(folder));
    }

    /// <summary>Why files cannot be written into the folder <paramref name="path"/> (made where missing), or null where they can.</summary>
    public static string? FolderProblem(string path, MountTable mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (FullPath(path) is not { } full)
        {
            return string.IsNullOrWhiteSpace(path) ? "names no folder" : "is not a valid path";
        }
        if (System.IO.File.Exists(full))
        {
            return "is a file, not a folder";
        }
        var (folder, problem) = NearestFolder(full);
        return problem ?? Refusal(folder, mounts) ?? ProbeFolder(folder);
    }

    private OutputPathCheck Report(string name, string? path, string? problem, string? advice)
    {
        if (problem is not null)
        {
            console.Error.WriteLine($"error: {name} {(path!.Length == 0 ? "''" : path)}: {problem}{(advice is null ? "" : $"; {advice}")}");
            Passed = false;
        }
        return this;
    }

    private static string? FullPath(string path)
    {
        try
        {
            return string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>The deepest folder of <paramref name="full"/> that exists, where the missing ones will be made; or why none can be.</summary>
    private static (string Folder, string? Problem) NearestFolder(string? full)
    {
        var folder = full;
        while (folder is not null && !Directory.Exists(folder))
        {
            if (System.IO.File.Exists(folder))
            {
                return (folder, $"its folder {folder} is a file");
            }
            folder = Path.GetDirectoryName(folder);
        }
        return folder is null ? ("", "lies in no folder that exists") : (folder, null);
    }

    private static string? Refusal(string existing, MountTable mounts)
    {
        if (mounts.Find(existing) is not { } mount)
        {
            return null;
        }
        // Where /dev is a plain tmpfs (containers), its device files still are devices.
        if (mount.Point == "/dev" || mount.Type is "devtmpfs" or "devpts")
        {
            return $"cannot be written here ({mount.Point} holds devices, not files)";
        }
        if (KernelFileSystems.Contains(mount.Type))
        {
            return $"cannot be written here ({mount.Point} is the kernel's {mount.Type} file system, not a place for files)";
        }
        return mount.ReadOnly ? $"cannot be written here (read-only file system at {mount.Point})" : null;
    }

    // Opened, never changed: without truncation, and closed at once.
    private static string? ProbeFile(string full)
    {
        try
        {
            using (new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }
        }
        catch (UnauthorizedAccessException)
        {
            return "cannot be written here (permission denied)";
        }
        catch (IOException e)
        {
            return $"cannot be written here ({Reason(e, full)})";
        }
        // A run holds the advisory lock beside its output while it writes (KoJudge.Runs.OutputLock), and the kernel drops it
        // when the run dies; asking it takes nothing from a run that is starting.
        if (KoJudge.Runs.OutputLock.IsHeldElsewhere(full))
        {
            return "is being written by another kojudge process; wait for it, or write to another --output";
        }
        return null;
    }

    // A file made and removed in one step, so the check leaves nothing behind.
    private static string? ProbeFolder(string folder)
    {
        var probe = Path.Combine(folder, $".kojudge-write-check-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"cannot be written here (permission denied in {folder})";
        }
        catch (IOException e)
        {
            return $"cannot be written here ({Reason(e, probe)})";
        }
    }

    // .NET ends an I/O error's message with the path it tried (" : '/x/y'"), which the line has named already.
    private static string Reason(IOException e, string path) => e.Message.Replace($" : '{path}'", "", StringComparison.Ordinal).TrimEnd('.', ' ');
}
