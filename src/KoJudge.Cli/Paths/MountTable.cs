using System.Text;

namespace KoJudge.Cli.Paths;

/// <summary>
/// The file systems mounted on this machine, as Linux lists them in <c>/proc/self/mounts</c>: what lies under a path
/// (the kernel's <c>/proc</c>, a read-only disk) decides whether a file can be made there, which no check of the
/// path's name can tell. Empty where the system keeps no such list, so nothing is refused for it there.
/// </summary>
public sealed class MountTable
{
    private const string ProcMounts = "/proc/self/mounts";

    private readonly List<(string Point, string Type, bool ReadOnly)> mounts;

    private MountTable(List<(string Point, string Type, bool ReadOnly)> mounts) => this.mounts = mounts;

    public static MountTable Empty { get; } = new([]);

    /// <summary>This process's mounts, read afresh: a mount made since the last check counts.</summary>
    public static MountTable Current()
    {
        try
        {
            return File.Exists(ProcMounts) ? Parse(File.ReadAllText(ProcMounts)) : Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty;
        }
    }

    /// <summary>Reads the fstab-like lines of <c>/proc/self/mounts</c>: device, mount point, type, options.</summary>
    public static MountTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mounts = new List<(string, string, bool)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 4)
            {
                mounts.Add((Unescape(fields[1]), fields[2], fields[3].Split(',').Contains("ro")));
            }
        }
        return new MountTable(mounts);
    }

    /// <summary>The mount that holds <paramref name="fullPath"/>: the deepest mount point above it, the last mounted where two share one.</summary>
    public (string Point, string Type, bool ReadOnly)? Find(string fullPath)
    {
        (string Point, string Type, bool ReadOnly)? found = null;
        foreach (var mount in mounts)
        {
            var holds = mount.Point == "/" || fullPath == mount.Point || fullPath.StartsWith(mount.Point + "/", StringComparison.Ordinal);
            if (holds && (found is null || mount.Point.Length >= found.Value.Point.Length))
            {
                found = mount;
            }
        }
        return found;
    }

    // The kernel writes a space in a mount point as \040, a tab as \011, a newline as \012 and a backslash as \134.
    private static string Unescape(string field)
    {
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).IndexOfAnyExceptInRange('0', '7') < 0)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }
}
