using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text;

namespace KoJudge.Train;

/// <summary>
/// Help with the options under headings (Input, Model, …) and the rest (--verbose, --help) under "Other options".
/// System.CommandLine 2.0.15 lists every option in one section and keeps its layout hooks internal, so its own help
/// (wrapped, with each default) is rendered for a twin of the command made with plain help, and its option rows are
/// regrouped: rendered together, their columns stay aligned from one heading to the next.
/// </summary>
/// <param name="plainTwin">Makes the same command with System.CommandLine's own help option.</param>
internal sealed class GroupedHelpAction(Func<Command> plainTwin, IReadOnlyList<(string Heading, IReadOnlyList<Option> Options)> groups) : SynchronousCommandLineAction
{
    private const string OptionsHeading = "Options:";

    public override bool ClearsParseErrors => true;

    public static HelpOption Option(Func<Command> plainTwin, IReadOnlyList<(string Heading, IReadOnlyList<Option> Options)> groups) =>
        new() { Action = new GroupedHelpAction(plainTwin, groups) };

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        using var plain = new StringWriter();
        plainTwin().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = plain, Error = TextWriter.Null });
        var text = plain.ToString();
        var start = text.IndexOf(OptionsHeading, StringComparison.Ordinal);
        var output = parseResult.InvocationConfiguration.Output;
        if (start < 0)
        {
            output.Write(text);
            return 0;
        }
        var rows = Rows(text[(start + OptionsHeading.Length)..]);
        var grouped = new StringBuilder(text[..start]);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (heading, options) in groups.Append(("Other options", [])))
        {
            var section = options.Count == 0
                ? rows.Where(r => !used.Contains(r.Name)).ToList()
                : options.Select(o => rows.First(r => r.Name == o.Name)).ToList();
            if (section.Count == 0)
            {
                continue;
            }
            grouped.Append(heading).Append(":\n");
            foreach (var row in section)
            {
                grouped.Append(row.Text);
                used.Add(row.Name);
            }
            grouped.Append('\n');
        }
        output.Write(grouped.ToString().TrimEnd('\n') + "\n\n");
        return 0;
    }

    // Each row of the Options section: its first line starts "  -", its wrapped lines are indented further.
    private static List<(string Name, string Text)> Rows(string section)
    {
        var rows = new List<(string Name, StringBuilder Text)>();
        foreach (var line in section.Split('\n'))
        {
            if (line.StartsWith("  -", StringComparison.Ordinal))
            {
                // "  -?, -h, --help  Show help" or "  --base <HF_DIR> (REQUIRED)  The base…": the long name ends the names.
                var names = line.TrimStart().Split(' ').TakeWhile(t => t.StartsWith('-')).Select(t => t.TrimEnd(',')).ToList();
                rows.Add((names[^1], new StringBuilder(line).Append('\n')));
            }
            else if (line.StartsWith("   ", StringComparison.Ordinal) && rows.Count > 0)
            {
                rows[^1].Text.Append(line).Append('\n');
            }
        }
        return [.. rows.Select(r => (r.Name, r.Text.ToString()))];
    }
}
