namespace KoJudge.Runs;

/// <summary>
/// An advisory lock on an output, held while a run writes to it, so a second process on the same output stops at once
/// instead of interleaving rows or cutting what the first is writing. It is a <c>flock</c> on a file beside the output
/// (what .NET takes for <see cref="FileShare.None"/> on Unix), which the kernel drops when the process dies: a killed
/// run never leaves a stale lock. The output itself is not locked, since a retry rewrites it through a new file.
/// </summary>
public sealed class OutputLock : IDisposable
{
    private readonly FileStream stream;

    private OutputLock(string path, FileStream stream)
    {
        Path = path;
        this.stream = stream;
    }

    /// <summary>The lock file: the output's name with <c>.lock</c> after it.</summary>
    public string Path { get; }

    public static string PathFor(string output) => output + ".lock";

    /// <summary>Takes the lock on <paramref name="output"/>, or null where another process holds it.</summary>
    public static OutputLock? TryAcquire(string output)
    {
        var path = PathFor(output);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            return new OutputLock(path, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Whether another process holds the lock on <paramref name="output"/> now; takes and drops it to find out.</summary>
    public static bool IsHeldElsewhere(string output)
    {
        if (!File.Exists(PathFor(output)))
        {
            return false;
        }
        using var probe = TryAcquire(output);
        return probe is null;
    }

    public void Dispose()
    {
        // Removed while still held, so no other process can take a lock on a file that is about to go.
        File.Delete(Path);
        stream.Dispose();
    }
}
