using Spectre.Console;

namespace KoJudge.Cli.Output;

/// <summary>Spectre.Console over a command's own output, wide enough for tables when the output is a file or a pipe.</summary>
public static class Terminal
{
    /// <summary>The columns assumed where a terminal's own are unknown.</summary>
    public const int DefaultWidth = 80;

    /// <param name="width">The columns to fit, where the caller knows them (a test's fixed-width console); else the terminal's.</param>
    public static IAnsiConsole For(TextWriter output, int? width = null)
    {
        var sink = new AnsiConsoleOutput(output);
        // A file or a pipe gets plain lines: colour codes there are noise to whoever reads or parses them.
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = sink,
            Ansi = sink.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = sink.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Redirected output has no width of its own; 80 columns would fold every table into tall columns.
        // A terminal keeps its own width, so tables fold to fit it rather than wrap into noise.
        terminal.Profile.Width = width ?? (sink.IsTerminal ? terminal.Profile.Width : Math.Max(terminal.Profile.Width, 140));
        return terminal;
    }

    /// <summary>A figure to three decimals, or "undefined" (a constant side, too few pairs).</summary>
    public static string Figure(double? value) =>
        value?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "undefined";
}
