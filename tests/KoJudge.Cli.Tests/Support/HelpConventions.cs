using System.CommandLine;
using KoJudge.Cli.Help;

namespace KoJudge.Cli.Tests.Support;

/// <summary>
/// What every help and every usage error of kojudge's tools must look like, checked the same way for kojudge's
/// commands and for kojudge-train: each option under a heading, its default and its required mark shown, 80 display
/// columns at most; a usage error one line and a pointer to the help.
/// </summary>
internal static class HelpConventions
{
    /// <summary>
    /// Columns on a terminal as wcwidth (and Spectre.Console, whose measure is not public) counts them: Hangul syllables,
    /// leading jamo and other East Asian wide characters two, the vowel and final jamo that combine with them none.
    /// </summary>
    public static int DisplayWidth(string line) => line.Sum(c => c switch
    {
        >= '\u1160' and <= '\u11FF' => 0,
        >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFF60' => 2,
        _ => 1,
    });

    /// <summary>Asserts that <paramref name="help"/>, the help <paramref name="command"/> printed, keeps every convention.</summary>
    public static void AssertFollowed(Command command, string help, string commandPath)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(help);
        Assert.All(help.Split('\n'), line => Assert.True(
            DisplayWidth(line.TrimEnd()) <= KoJudgeCommandLine.HelpWidth, $"{DisplayWidth(line.TrimEnd())} columns: {line}"));
        var entries = Entries(help);
        foreach (var option in GroupedHelpAction.OptionsOf(command))
        {
            var entry = entries.SingleOrDefault(e => e.Names.Contains(option.Name));
            Assert.True(entry.Names is not null, $"{commandPath} {option.Name}: not in its help");
            Assert.Contains(entry.Heading, HelpGroups.InOrder);
            var hasDefault = DefaultInWords.Of(option) is not null;
            Assert.True(hasDefault == entry.Text.Contains("[default: ", StringComparison.Ordinal), $"{commandPath} {option.Name}: default {(hasDefault ? "not shown" : "shown without one")}: {entry.Text}");
            Assert.True(option.Required == entry.Text.Contains("(required)", StringComparison.Ordinal), $"{commandPath} {option.Name}: required is {option.Required}: {entry.Text}");
            // A default said in the description's own words, beside or instead of [default: …], is a second place to keep true.
            Assert.DoesNotMatch(@"(?i)\bdefault: ", option.Description ?? "");
        }
    }

    /// <summary>Whether <paramref name="run"/> ended as a usage error of <paramref name="commandPath"/>: exit 1, one error line, the help's name.</summary>
    public static bool IsUsageError(CliRun run, string commandPath)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.ExitCode == ExitCodes.Failure && run.Error.TrimEnd().Split(Environment.NewLine) is [var error, var see]
            && error.StartsWith("error: ", StringComparison.Ordinal) && see == $"see: {commandPath} --help";
    }

    /// <summary>Each option's entry in a help: its names, the heading it is under, and its label and description as one line.</summary>
    public static List<(HashSet<string> Names, string Heading, string Text)> Entries(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        var entries = new List<(HashSet<string> Names, string Heading, string Text)>();
        var heading = "";
        foreach (var line in help.Split('\n').Select(l => l.TrimEnd()))
        {
            if (line.Length > 0 && line[0] != ' ' && line.EndsWith(':'))
            {
                heading = line[..^1];
            }
            else if (heading is "Description" or "Usage" or "Arguments" or "Commands")
            {
                continue;
            }
            else if (line.StartsWith("  -", StringComparison.Ordinal))
            {
                var names = line.Trim().Split(' ').TakeWhile(w => w.StartsWith('-')).Select(w => w.TrimEnd(',')).ToHashSet(StringComparer.Ordinal);
                entries.Add((names, heading, line.Trim()));
            }
            else if (line.StartsWith("   ", StringComparison.Ordinal) && entries.Count > 0 && entries[^1].Heading == heading)
            {
                entries[^1] = (entries[^1].Names, heading, entries[^1].Text + " " + line.Trim());
            }
        }
        return entries;
    }
}
