using Spectre.Console;

namespace KoJudge.Cli.Output;

/// <summary>Spectre.Console over a command's own output, wide enough for tables when the output is a file or a pipe.</summary>
public static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Redirected output has no width of its own; 80 columns would fold every table into tall columns.
        terminal.Profile.Width = Math.Max(terminal.Profile.Width, 140);
        return terminal;
    }

    /// <summary>A figure to three decimals, or "undefined" (a constant side, too few pairs).</summary>
    public static string Figure(double? value) =>
        value?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "undefined";
}
