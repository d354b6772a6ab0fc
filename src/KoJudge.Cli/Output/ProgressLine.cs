using System.Diagnostics;
using KoJudge.Runs;

namespace KoJudge.Cli.Output;

/// <summary>
/// Plain progress lines on stderr, at most one a second and always the last one: done, scored, failed,
/// retries, the rate and the time left. Plain lines read the same in a terminal, a log file and CI.
/// </summary>
public sealed class ProgressLine(TextWriter error, TimeSpan? every = null) : IProgress<RunSummary>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan every = every ?? TimeSpan.FromSeconds(1);
    private TimeSpan? lastWritten;

    public void Report(RunSummary value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var now = clock.Elapsed;
        if (value.Done < value.Total && lastWritten is { } last && now - last < every)
        {
            return;
        }
        lastWritten = now;
        var rate = value.Done / Math.Max(now.TotalSeconds, 1e-3);
        var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate) : TimeSpan.Zero;
        error.WriteLine(
            $"judged {value.Done}/{value.Total}: scored {value.Scored}, failed {value.Failed}, retries {value.Retries}; "
            + $"{rate:0.00} items/s, {left:hh\\:mm\\:ss} left");
    }
}
