using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.Text;
using Spectre.Console;

namespace KoJudge.Cli.Help;

/// <summary>
/// Every command's help: description, usage, arguments, then the options under the headings of
/// <see cref="HelpGroups"/>, each with its <c>[default: …]</c> and a <c>(required)</c> mark, wrapped to
/// <see cref="KoJudgeCommandLine.HelpWidth"/> display columns. System.CommandLine 2.0.15's own help cannot do this:
/// its <c>HelpBuilder</c>, with the layout and per-symbol customisation, is internal, and <c>HelpAction</c> offers only
/// a width, which it counts in characters, so a line of Hangul (two columns a syllable) runs past 80 columns.
/// </summary>
public sealed class GroupedHelpAction : SynchronousCommandLineAction
{
    private const int Indent = 2;
    private const int Gap = 2;
    private const int WidestLabel = 34;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.Write(Render(parseResult.CommandResult.Command, KoJudgeCommandLine.HelpWidth));
        return ExitCodes.Success;
    }

    /// <summary>The help of <paramref name="command"/> at <paramref name="width"/> columns.</summary>
    public static string Render(Command command, int width)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(command.Description))
        {
            text.AppendLine("Description:");
            foreach (var line in Wrap(command.Description, width - Indent))
            {
                text.Append(' ', Indent).AppendLine(line);
            }
            text.AppendLine();
        }
        text.AppendLine("Usage:");
        text.Append(' ', Indent).AppendLine(Usage(command)).AppendLine();

        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => (Label: $"<{a.HelpName ?? a.Name}>", a.Description ?? "")).ToList();
        Section(text, "Arguments", arguments, width);

        var options = OptionsOf(command).ToList();
        foreach (var heading in HelpGroups.InOrder.Append("Options"))
        {
            var rows = options.Where(o => (HelpGroups.Of(o) ?? "Options") == heading).Select(o => (Label(o), Describe(o))).ToList();
            Section(text, heading, rows, width);
        }

        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, c.Description ?? "")).ToList();
        Section(text, "Commands", subcommands, width);
        return text.ToString();
    }

    /// <summary>The options a command's help lists: its own, and those its ancestors pass down (help, <c>--verbose</c>).</summary>
    public static IEnumerable<Option> OptionsOf(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var inherited = Ancestors(command).SelectMany(a => a.Options.Where(o => o.Recursive));
        return command.Options.Concat(inherited).Where(o => !o.Hidden).Distinct();
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    private static string Usage(Command command)
    {
        var path = string.Join(' ', Ancestors(command).Reverse().Append(command).Select(c => c.Name));
        var arguments = string.Concat(command.Arguments.Where(a => !a.Hidden).Select(a => $" <{a.HelpName ?? a.Name}>{(a.Arity.MaximumNumberOfValues > 1 ? "..." : "")}"));
        return $"{path}{arguments}{(command.Subcommands.Count > 0 ? " [command]" : "")} [options]";
    }

    private static string Label(Option option)
    {
        var names = option.Aliases.Where(a => a.StartsWith('-')).OrderBy(a => a.Length).Append(option.Name);
        var label = string.Join(", ", names);
        if (option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool))
        {
            var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
            label += $" <{option.HelpName ?? (choices.Count > 0 ? string.Join('|', choices) : option.Name.TrimStart('-'))}>";
        }
        return option.Required ? $"{label} (required)" : label;
    }

    private static string Describe(Option option) =>
        (option.Description ?? "") + (DefaultInWords.Of(option) is { } value ? $" [default: {value}]" : "");

    private static void Section(StringBuilder text, string heading, List<(string Label, string Description)> rows, int width)
    {
        if (rows.Count == 0)
        {
            return;
        }
        text.AppendLine($"{heading}:");
        // The column fits the labels that fit it; a wider one stands on its own line.
        var labelWidth = rows.Select(r => r.Label.GetCellWidth()).Where(w => w <= WidestLabel).DefaultIfEmpty(WidestLabel).Max();
        var descriptionWidth = width - Indent - labelWidth - Gap;
        foreach (var (label, description) in rows)
        {
            var lines = Wrap(description, descriptionWidth);
            var first = 0;
            text.Append(' ', Indent).Append(label);
            if (label.GetCellWidth() > labelWidth)
            {
                // A label too wide for the column has its description start on the next line, under the column.
                text.AppendLine();
            }
            else if (lines.Count > 0)
            {
                text.Append(' ', labelWidth - label.GetCellWidth() + Gap).Append(lines[0]);
                first = 1;
            }
            if (first == 1 || lines.Count == 0)
            {
                text.AppendLine();
            }
            foreach (var line in lines.Skip(first))
            {
                text.Append(' ', Indent + labelWidth + Gap).AppendLine(line);
            }
        }
        text.AppendLine();
    }

    /// <summary>Words filled into lines of at most <paramref name="width"/> display columns; a word wider than that is cut.</summary>
    public static List<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var line = new StringBuilder();
        var lineWidth = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var wordWidth = rest.GetCellWidth();
                if (lineWidth > 0 && lineWidth + 1 + wordWidth <= width)
                {
                    line.Append(' ').Append(rest);
                    lineWidth += 1 + wordWidth;
                    rest = "";
                }
                else if (lineWidth == 0 && wordWidth <= width)
                {
                    line.Append(rest);
                    lineWidth = wordWidth;
                    rest = "";
                }
                else if (lineWidth > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                }
                else
                {
                    var cut = Fit(rest, width);
                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                }
            }
        }
        if (lineWidth > 0)
        {
            lines.Add(line.ToString());
        }
        return lines;
    }

    // The longest start of the word that fits, at least one character so the loop moves on.
    private static int Fit(string word, int width)
    {
        var cut = 1;
        while (cut < word.Length && word[..(cut + 1)].GetCellWidth() <= width)
        {
            cut++;
        }
        return cut;
    }
}
