using System.Globalization;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Cli.Output;

/// <summary>
/// A run's progress on stderr, the same for every command that turns rows into rows: done of total, succeeded,
/// failures by kind, cached and retries where the job tracks them, the rate, the time elapsed and the time left. On a
/// terminal a <see cref="StatusLine"/> redraws it in place, cut to fit the terminal's width by dropping the least needed
/// parts first; elsewhere (a log file, CI) it is a whole plain line at most once a second. The last report is always
/// written. It writes on the reporting thread: <see cref="Progress{T}"/> posts to the thread pool, so its lines could
/// land after the command's closing line, or after the writer was closed.
/// </summary>
/// <param name="width">The terminal's columns; the line is kept one short of them, where a terminal would wrap.</param>
/// <param name="verb">What the run does to an input: <c>judged</c>, <c>answered</c>.</param>
/// <param name="succeeded">What an input that succeeded is: <c>scored</c>, <c>answered</c>.</param>
/// <param name="time">The clock the rate and the times are read from; the system's unless a test moves its own.</param>
public sealed class ProgressLine(
    TextWriter error, bool terminal = false, int width = Terminal.DefaultWidth, string verb = "judged", string succeeded = "scored", TimeProvider? time = null) : IProgress<RunProgress>
{
    private const int BarWidth = 20;
    private readonly StatusLine line = new(error, terminal, width, time);

    public void Report(RunProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        line.Draw(
            value.Done >= value.Total,
            now => Text(value, now, new Parts(Bar: false, Extras: true, SucceededToo: true, Elapsed: true, Kinds: true)),
            now => Tries.Select(parts => Text(value, now, parts)));
    }

    /// <summary>Writes <paramref name="message"/> on a line of its own, ending a progress line left showing first.</summary>
    public void Note(string message) => line.WriteLine(message);

    private readonly record struct Parts(bool Bar, bool Extras, bool SucceededToo, bool Elapsed, bool Kinds, bool Rate = true);

    // The fullest line that fits: the bar goes first, then cached and retries, the succeeded count, the time elapsed,
    // the rate, and last the reasons for the failures; done of total, the failed count and the time left stay.
    private static readonly Parts[] Tries =
    [
        new(Bar: true, Extras: true, SucceededToo: true, Elapsed: true, Kinds: true),
        new(Bar: false, Extras: true, SucceededToo: true, Elapsed: true, Kinds: true),
        new(Bar: false, Extras: false, SucceededToo: true, Elapsed: true, Kinds: true),
        new(Bar: false, Extras: false, SucceededToo: false, Elapsed: true, Kinds: true),
        new(Bar: false, Extras: false, SucceededToo: false, Elapsed: false, Kinds: true),
        new(Bar: false, Extras: false, SucceededToo: false, Elapsed: false, Kinds: true, Rate: false),
        new(Bar: false, Extras: false, SucceededToo: false, Elapsed: false, Kinds: false, Rate: false),
    ];

    private string Text(RunProgress value, TimeSpan now, Parts parts)
    {
        var (bar, extras, succeededToo, elapsed, kinds) = (parts.Bar, parts.Extras, parts.SucceededToo, parts.Elapsed, parts.Kinds);
        var rate = value.Done / Math.Max(now.TotalSeconds, 1e-3);
        var left = rate > 0 ? Clock(TimeSpan.FromSeconds((value.Total - value.Done) / rate)) : "?";
        var failed = value.Failed == 0 || !kinds || value.FailedByKind.Count == 0
            ? $"{value.Failed} failed"
            : $"{value.Failed} failed ({string.Join(", ", value.FailedByKind.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Select(f => $"{f.Value} {Words(f.Key)}"))})";
        var counts = (succeededToo ? $"{succeeded} {value.Succeeded}, " : "") + failed
            + (extras && value.Cached is { } cached ? $", cached {cached}" : "")
            + (extras && value.Retries is { } retries ? $", retries {retries}" : "");
        var text = $"{verb} {value.Done}/{value.Total}: {counts}; "
            + (parts.Rate ? $"{rate.ToString("0.00", CultureInfo.InvariantCulture)}/s, " : "")
            + (elapsed ? $"{Clock(now)} elapsed, " : "") + $"{left} left";
        if (!bar)
        {
            return text;
        }
        return StatusLine.Bar(value.Total == 0 ? 1 : (double)value.Done / value.Total, BarWidth) + text;
    }

    private static string Clock(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}:{time:mm\\:ss}" : time.ToString("m\\:ss", CultureInfo.InvariantCulture);

    /// <summary>A failure kind as words: <c>prompt_too_long</c> reads "prompt too long".</summary>
    public static string Words(ErrorKind kind) => System.Text.Json.JsonSerializer.Serialize(kind).Trim('"').Replace('_', ' ');
}
