using System.Globalization;

namespace KoJudge.Cli.Benchmarks;

/// <summary>
/// The process's peak resident memory over one stretch of work, read from Linux's <c>/proc/self/status</c>: writing 5 to
/// <c>/proc/self/clear_refs</c> starts the peak (<c>VmHWM</c>) again from the memory resident now.
/// </summary>
/// <remarks>
/// By hand because .NET's <c>Process.PeakWorkingSet64</c> reads the same <c>VmHWM</c> but cannot reset it, so it would
/// count whatever the process did before (here, generating the checkpoint that is then converted).
/// </remarks>
public static class PeakMemory
{
    /// <summary>Starts a new peak; false where the system cannot (not Linux, or a kernel without clear_refs).</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Resident bytes now (<c>VmRSS</c>) and the peak since the last reset (<c>VmHWM</c>), or null off Linux.</summary>
    public static (long Resident, long Peak)? Read()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return null;
        }
        long? resident = null, peak = null;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }
        return resident is { } r && peak is { } p ? (r, p) : null;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
}
