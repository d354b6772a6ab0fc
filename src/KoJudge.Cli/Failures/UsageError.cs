using System.CommandLine;
using System.CommandLine.Parsing;

namespace KoJudge.Cli.Failures;

/// <summary>
/// A command line that does not parse, or that names too little for its command to start: one line saying what is
/// wrong and one naming the command's help, then exit 1. System.CommandLine's own answer is every error and then the
/// whole help, forty lines in which the one that matters is the first.
/// </summary>
public static class UsageError
{
    /// <summary>Reports the first of <paramref name="parse"/>'s errors.</summary>
    public static int Report(CliConsole console, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Report(console, parse, parse.Errors[0].Message);
    }

    /// <summary>Reports <paramref name="message"/> as a usage error of the command <paramref name="parse"/> reached.</summary>
    public static int Report(CliConsole console, ParseResult parse, string message)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
        console.Error.WriteLine($"error: {text.TrimEnd('.')}.");
        console.Error.WriteLine($"see: {CommandPath(parse.CommandResult)} --help");
        return ExitCodes.Failure;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is not null; at = at.Parent)
        {
            if (at is CommandResult { Command.Name: var name })
            {
                names.Insert(0, name);
            }
        }
        return string.Join(' ', names);
    }
}
