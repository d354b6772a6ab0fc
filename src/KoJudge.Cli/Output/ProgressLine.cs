using System.Diagnostics;
using KoJudge.Runs;

namespace KoJudge.Cli.Output;

/// <summary>
/// Progress on stderr: done, scored, failed, cached, retries, the rate and the time left. On a terminal one line is redrawn
/// (with a bar) several times a second; elsewhere (a log file, CI) a plain line is written at most once a second.
/// The last report is always written.
/// </summary>
public sealed class ProgressLine(TextWriter error, bool terminal = false) : IProgress<RunSummary>
{
    private const int BarWidth = 24;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan every = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
    private TimeSpan? lastWritten;

    public void Report(RunSummary value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var now = clock.Elapsed;
        var finished = value.Done >= value.Total;
        if (!finished && lastWritten is { } last && now - last < every)
        {
            return;
        }
        lastWritten = now;
        var rate = value.Done / Math.Max(now.TotalSeconds, 1e-3);
        var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate) : TimeSpan.Zero;
        var text = $"judged {value.Done}/{value.Total}: scored {value.Scored}, failed {value.Failed}, cached {value.Cached}, retries {value.Retries}; "
            + $"{rate:0.00} items/s, {left:hh\\:mm\\:ss} left";
        if (!terminal)
        {
            error.WriteLine(text);
            return;
        }
        var filled = value.Total == 0 ? BarWidth : (int)((long)BarWidth * value.Done / value.Total);
        error.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {text}\u001b[K");
        if (finished)
        {
            error.WriteLine();
        }
    }
}
