using KoJudge.Runs;

namespace KoJudge.Cli.Output;

/// <summary>
/// A run's progress on stderr: done, succeeded, failed, and cached and retries where the job tracks them, the rate and
/// the time left, drawn as a <see cref="StatusLine"/>. It writes on the reporting thread: <see cref="Progress{T}"/>
/// posts to the thread pool, so its lines could land after the command's closing line, or after the writer was closed.
/// </summary>
/// <param name="verb">What the run does to an input: <c>judged</c>, <c>answered</c>.</param>
/// <param name="succeeded">What an input that succeeded is: <c>scored</c>, <c>answered</c>.</param>
public sealed class ProgressLine(TextWriter error, bool terminal = false, string verb = "judged", string succeeded = "scored") : IProgress<RunProgress>
{
    private readonly StatusLine line = new(error, terminal, barWidth: 24);

    public void Report(RunProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var fraction = value.Total == 0 ? 1 : (double)value.Done / value.Total;
        line.Draw(fraction, value.Done >= value.Total, now =>
        {
            var rate = value.Done / Math.Max(now.TotalSeconds, 1e-3);
            var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate) : TimeSpan.Zero;
            return $"{verb} {value.Done}/{value.Total}: {succeeded} {value.Succeeded}, failed {value.Failed}"
                + (value.Cached is { } cached ? $", cached {cached}" : "")
                + (value.Retries is { } retries ? $", retries {retries}" : "")
                + $"; {rate:0.00} items/s, {left:hh\\:mm\\:ss} left";
        });
    }
}
