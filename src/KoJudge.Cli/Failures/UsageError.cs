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
    /// <summary>Reports <paramref name="parse"/>'s errors, on one line.</summary>
    public static int Report(CliConsole console, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Report(console, parse, string.Join("; ", parse.Errors.Select(e => Sentence(e.Message)).Distinct()));
    }

    /// <summary>Reports <paramref name="message"/> as a usage error of the command <paramref name="parse"/> reached.</summary>
    public static int Report(CliConsole console, ParseResult parse, string message)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(message);
        console.Error.WriteLine($"error: {Sentence(message)}.");
        console.Error.WriteLine($"see: {CommandPath(parse.CommandResult)} --help");
        return ExitCodes.Failure;
    }

    // System.CommandLine's messages are sentences of their own; after "error:" they read as one, lower-cased, without the stop.
    private static string Sentence(string message) =>
        (message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message).TrimEnd('.');

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
