using Spectre.Console;

namespace KoJudge.Cli.Output;

/// <summary>
/// One status line on stderr, the machinery behind every progress display (a run's <see cref="ProgressLine"/>, the
/// trainer's steps): on a terminal it is redrawn in place (carriage return, then clear to the end) at most five times
/// a second, as the fullest of its candidate texts that fits the width in display cells, so it never wraps into a new
/// line per update; elsewhere (a log file, CI) it is written as a plain line at most once a second. The final one is
/// always written. Lines of their own (an evaluation, a cancellation) end a redrawn line first, so they never land in
/// the middle of it.
/// </summary>
/// <remarks>It writes on the reporting thread, under a lock, so its lines keep their order with the command's own.</remarks>
/// <param name="width">The terminal's columns; the line is kept one short of them, where a terminal would wrap.</param>
/// <param name="time">The clock the throttle and a caller's rates read; the system's unless a test moves its own.</param>
public sealed class StatusLine(TextWriter error, bool terminal, int width = Terminal.DefaultWidth, TimeProvider? time = null)
{
    private const string ClearToEnd = "\u001b[K";
    private readonly Lock gate = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly long started = (time ?? TimeProvider.System).GetTimestamp();
    private readonly TimeSpan every = terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
    private TimeSpan? lastWritten;
    private bool redrawn;

    /// <summary>Time since the line was made, the clock its throttle and a caller's rates read.</summary>
    public TimeSpan Elapsed => clock.GetElapsedTime(started);

    /// <summary>Draws the line, if one is due (the final one always is).</summary>
    /// <param name="plain">The line off a terminal; called only when it is written, with the time since the line was made.</param>
    /// <param name="fullestFirst">
    /// The texts a terminal may show, fullest first; the first that fits is drawn, and where none does, the last is cut
    /// to fit. Called only when the line is drawn.
    /// </param>
    public void Draw(bool final, Func<TimeSpan, string> plain, Func<TimeSpan, IEnumerable<string>> fullestFirst)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(fullestFirst);
        lock (gate)
        {
            var now = Elapsed;
            if (!final && lastWritten is { } last && now - last < every)
            {
                return;
            }
            lastWritten = now;
            if (!terminal)
            {
                error.WriteLine(plain(now));
                return;
            }
            error.Write($"\r{Fitted(fullestFirst(now))}{ClearToEnd}");
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

    /// <summary>A bar of <paramref name="cells"/> cells filled to <paramref name="fraction"/>, and a space: <c>[###.......] </c>.</summary>
    public static string Bar(double fraction, int cells)
    {
        var filled = (int)(cells * Math.Clamp(fraction, 0, 1));
        return $"[{new string('#', filled)}{new string('.', cells - filled)}] ";
    }

    private string Fitted(IEnumerable<string> fullestFirst)
    {
        var room = Math.Max(1, width - 1);
        var least = "";
        foreach (var text in fullestFirst)
        {
            if (text.GetCellWidth() <= room)
            {
                return text;
            }
            least = text;
        }
        var cut = least.Length;
        while (cut > 0 && least[..cut].GetCellWidth() > room)
        {
            cut--;
        }
        return least[..cut];
    }
}
