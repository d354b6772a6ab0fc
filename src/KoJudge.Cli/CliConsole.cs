namespace KoJudge.Cli;

/// <summary>
/// The process's streams and environment, passed in rather than read from <see cref="Console"/>
/// so tests can run every command in-process and read what it printed.
/// </summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>Stderr is a terminal, where progress can redraw one line; elsewhere it is written line by line.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The columns of stderr where it is a terminal, for a progress line that must not wrap; null where unknown.</summary>
    public int? ErrorWidth { get; init; }

    /// <summary>The columns tables must fit, where known ahead (a test's fixed-width console); null for the terminal's own.</summary>
    public int? OutputWidth { get; init; }

    /// <summary>
    /// The streams are the process's own, so a child process (kojudge-train) can inherit them and see the terminal
    /// itself; otherwise (a test's console) a child's output is read and written here.
    /// </summary>
    public bool IsProcessConsole { get; init; }

    public static CliConsole FromProcess()
    {
        // Korean text must reach pipes and files as UTF-8 whatever the locale says.
        Console.InputEncoding = System.Text.Encoding.UTF8;
        Console.OutputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var errorIsTerminal = !Console.IsErrorRedirected;
        return new CliConsole(Console.In, Console.Out, Console.Error, Environment.GetEnvironmentVariable)
        {
            ErrorIsTerminal = errorIsTerminal,
            ErrorWidth = errorIsTerminal ? TerminalWidth() : null,
            IsProcessConsole = true,
        };
    }

    private static int? TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            // A terminal that reports no size: the progress line keeps to the default width.
            return null;
        }
    }
}
