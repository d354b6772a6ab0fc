using System.Diagnostics;
using KoJudge.Runs;

namespace KoJudge.Cli.Output;

/// <summary>
/// A run's progress on stderr: done, succeeded, failed, and cached and retries where the job tracks them, the rate and
/// the time left. On a terminal one line is redrawn (with a bar) several times a second; elsewhere (a log file, CI) a
/// plain line is written at most once a second. The last report is always written. It writes on the reporting
/// thread: <see cref="Progress{T}"/> posts to the thread pool, so its lines could land after the command's closing
/// line, or after the writer was closed.
/// </summary>
/// <param name="verb">What the run does to an input: <c>judged</c>, <c>answered</c>.</param>
/// <param name="succeeded">What an input that succeeded is: <c>scored</c>, <c>answered</c>.</param>
public sealed class ProgressLine(TextWriter error, bool terminal = false, string verb = "judged", string succeeded = "scored") : IProgress<RunProgress>
{
    private const int BarWidth = 24;
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan every = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
    private TimeSpan? lastWritten;

    public void Report(RunProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            var now = clock.Elapsed;
            var finished = value.Done >= value.Total;
            if (!finished && lastWritten is { } last && now - last < every)
            {
                return;
            }
            lastWritten = now;
            var rate = value.Done / Math.Max(now.TotalSeconds, 1e-3);
            var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate) : TimeSpan.Zero;
            var text = $"{verb} {value.Done}/{value.Total}: {succeeded} {value.Succeeded}, failed {value.Failed}"
                + (value.Cached is { } cached ? $", cached {cached}" : "")
                + (value.Retries is { } retries ? $", retries {retries}" : "")
                + $"; {rate:0.00} items/s, {left:hh\\:mm\\:ss} left";
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
}
