using System.Diagnostics;

namespace KoJudge.Cli.Output;

/// <summary>
/// One status line on stderr: on a terminal it is redrawn in place (with a bar) at most five times a second; elsewhere
/// (a log file, CI) it is written as a plain line at most once a second. The final one is always written. Lines of
/// their own (an evaluation, a cancellation) end a redrawn line first, so they never land in the middle of it.
/// </summary>
/// <remarks>It writes on the reporting thread, under a lock, so its lines keep their order with the command's own.</remarks>
public sealed class StatusLine(TextWriter error, bool terminal, int barWidth)
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan every = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
    private TimeSpan? lastWritten;
    private bool redrawn;

    /// <summary>Time since the line was made, the clock its throttle and a caller's rates read.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Draws the line <paramref name="text"/> makes, if one is due, with a bar filled to <paramref name="fraction"/> on a terminal.</summary>
    /// <param name="text">Called only when the line is drawn, with the time since the line was made.</param>
    public void Draw(double fraction, bool final, Func<TimeSpan, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (gate)
        {
            var now = clock.Elapsed;
            if (!final && lastWritten is { } last && now - last < every)
            {
                return;
            }
            lastWritten = now;
            if (!terminal)
            {
                error.WriteLine(text(now));
                return;
            }
            var filled = (int)(barWidth * Math.Clamp(fraction, 0, 1));
            error.Write($"\r[{new string('#', filled)}{new string('.', barWidth - filled)}] {text(now)}\u001b[K");
            redrawn = !final;
            if (final)
            {
                error.WriteLine();
            }
        }
    }

    /// <summary>Writes a line of its own, below a redrawn line rather than over it.</summary>
    public void WriteLine(string line)
    {
        lock (gate)
        {
            if (redrawn)
            {
                error.WriteLine();
                redrawn = false;
            }
            error.WriteLine(line);
        }
    }
}
