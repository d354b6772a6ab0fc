using System.CommandLine;
using KoJudge.Cli.Help;
using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.Statistics;
using Spectre.Console;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>kojudge logickor score</c>: LogicKor's leaderboard figures for judgment files.</summary>
public static class LogicKorScoreCommand
{
    /// <summary>Short headers for the six categories, so the leaderboard fits 80 columns; the legend line spells them out.</summary>
    private static readonly (string English, string Header)[] Abbreviations =
        [("Reasoning", "rsn"), ("Math", "math"), ("Writing", "wrt"), ("Coding", "code"), ("Understanding", "und"), ("Grammar", "gram")];

    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "LogicKor judgment files, folders of <org>/<model>/<strategy>.jsonl, or LogicKor folders' roots.", Arity = ArgumentArity.OneOrMore };
        var strategy = new Option<string?>("--strategy") { Description = "In folders, read only this answer strategy (default, 1-shot, cot-1-shot)." }.DefaultsTo("every strategy");
        var json = new Option<FileInfo?>("--json") { Description = "Also write the leaderboard (with --diff, the difference) as JSON to this file." };
        var diff = new Option<bool>("--diff")
        {
            Description = "Given two files A and B: per category and overall, B's LogicKor score minus A's over the questions both have (paired by id; "
                + "a question in one file only, or a turn either side failed, is left out of both and counted), with a paired bootstrap 95% interval "
                + $"over questions ({BootstrapInterval.DefaultResamples} resamples, fixed seed).",
        };
        var command = new Command(
            "score",
            "Print LogicKor's leaderboard for judgment files: one row per model and strategy, best overall first, with the overall score "
            + "(single and multi means averaged), the mean single-turn and multi-turn scores and each category's score, as LogicKor's score.py "
            + "computes them. Files of different judges (GPT-4 0-10, Prometheus 1-5, bank 0-10) are ranked in separate sections. "
            + "Judgments KoJudge recorded as failed are left out of the means and counted.");
        command.Arguments.Add(files);
        command.Options.Add(strategy);
        command.Options.Add(json);
        command.Options.Add(diff);
        command.SetAction(parse =>
        {
            // System.CommandLine hands a flag it does not know to the paths argument, which takes any number of values;
            // read as a path, it would be reported as a missing file rather than as the unknown flag it is.
            if (parse.GetValue(files)!.FirstOrDefault(p => p.StartsWith("--", StringComparison.Ordinal) && !Path.Exists(p)) is { } unknown)
            {
                console.Error.WriteLine($"error: unknown option {unknown}; logickor score takes --strategy, --json FILE and --diff.");
                return ExitCodes.BadInput;
            }
            if (!new OutputPathCheck(console).File("--json", parse.GetValue(json)?.FullName).Passed)
            {
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(diff))
            {
                return Difference(parse.GetValue(files)!, parse.GetValue(strategy), parse.GetValue(json), console);
            }
            LogicKorLeaderboard board;
            try
            {
                board = LogicKorLeaderboard.Compute(parse.GetValue(files)!.SelectMany(path => Named(path, LogicKorResultSet.Read(path, parse.GetValue(strategy)))).ToList());
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            foreach (var section in board.Sections)
            {
                Print(section, console);
            }
            ReportFile.WriteIfAsked(parse.GetValue(json), () => JsonSerializer.Serialize(board, KoJudgeJson.Indented), console);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(LogicKorLeaderboard.Section section, CliConsole console)
    {
        var categories = LogicKorCategories.InOrder(section.Rows.SelectMany(r => r.Categories.Keys)).ToList();
        var failures = section.Rows.Any(r => r.Total.Failed > 0);
        var table = new Table { Border = TableBorder.Simple, Title = new TableTitle(Markup.Escape($"LogicKor scores, {section.Scale.Label} ({section.Rows.Count} rows)")) }
            .AddColumn("#", c => c.RightAligned())
            .AddColumn("model")
            .AddColumn("strategy")
            .AddColumn("all", c => c.RightAligned())
            .AddColumn("single", c => c.RightAligned())
            .AddColumn("multi", c => c.RightAligned());
        foreach (var category in categories)
        {
            table.AddColumn(Markup.Escape(Header(category)), c => c.RightAligned());
        }
        if (failures)
        {
            table.AddColumn("failed", c => c.RightAligned());
        }
        foreach (var (row, rank) in section.Rows.Select((r, i) => (r, i + 1)))
        {
            var cells = new List<string>
            {
                rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Model), Markup.Escape(row.Strategy),
                Two(row.Total.Average), Two(row.Total.SingleTurn), Two(row.Total.MultiTurn),
            };
            cells.AddRange(categories.Select(c => Two(row.Categories.TryGetValue(c, out var means) ? means.Average : null)));
            if (failures)
            {
                cells.Add(row.Total.Failed.ToString(CultureInfo.InvariantCulture));
            }
            table.AddRow(cells.ToArray());
        }
        foreach (var column in table.Columns)
        {
            // The border's one space between columns and no padding: with more, the nine figures alone would leave a
            // long model name no room at 80 columns.
            column.Padding = new Padding(0, 0, 0, 0);
        }
        Terminal.For(console.Out, console.OutputWidth).Write(table);
        console.Out.WriteLine($"scale {section.Scale.Label}; all, and each category: (single mean + multi mean) / 2");
        // Three categories a line, so the legend fits 80 columns as the table does.
        foreach (var line in categories.Chunk(3))
        {
            console.Out.WriteLine(string.Join(", ", line.Select(c => $"{Header(c)} {c}")));
        }
    }

    /// <summary>
    /// The sets of a folder named <c>org/model</c>: an organisation's folder (<c>evaluated/openai</c>) holds
    /// <c>&lt;model&gt;/&lt;strategy&gt;.jsonl</c>, whose name within it would drop the organisation the leaderboard ranks by.
    /// </summary>
    private static IEnumerable<LogicKorResultSet> Named(string path, IReadOnlyList<LogicKorResultSet> sets)
    {
        if (!Directory.Exists(path))
        {
            return sets;
        }
        var root = LogicKorResultSet.JudgmentsFolder(path);
        var organisation = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        return sets.Select(set =>
            Path.GetRelativePath(root, set.Path).Split(Path.DirectorySeparatorChar).Length == 2 && !set.Model.Contains('/', StringComparison.Ordinal)
                ? set with { Model = $"{organisation}/{set.Model}" }
                : set);
    }

    private static string Header(string category) =>
        Abbreviations.FirstOrDefault(a => category.Contains($"({a.English})", StringComparison.Ordinal)).Header ?? category;

    private static int Difference(string[] paths, string? strategy, FileInfo? json, CliConsole console)
    {
        if (paths.Length != 2)
        {
            console.Error.WriteLine($"error: --diff compares two judgment files, A and B; {paths.Length} were given.");
            return ExitCodes.BadInput;
        }
        LogicKorResultSet a, b;
        try
        {
            (a, b) = (One(paths[0], strategy), One(paths[1], strategy));
            var (scaleA, scaleB) = (LogicKorScale.Of(a), LogicKorScale.Of(b));
            if (scaleA != scaleB)
            {
                console.Error.WriteLine($"error: --diff compares scores on one scale; A is {scaleA.Label}, B is {scaleB.Label}.");
                return ExitCodes.BadInput;
            }
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var difference = LogicKorScoreDifference.Compute(a, b);
        var table = new Table { Title = new TableTitle(Markup.Escape($"B − A, {LogicKorScale.Of(a).Label}: {b.Model} ({b.Strategy}) against {a.Model} ({a.Strategy})")) }
            .AddColumns("category", "questions", "A", "B", "B − A", "95% CI");
        foreach (var (category, row) in difference.Categories.Append(new KeyValuePair<string, LogicKorScoreDifference.Row>("overall", difference.Overall)))
        {
            table.AddRow(
                Markup.Escape(category),
                row.Questions.ToString(CultureInfo.InvariantCulture),
                Two(row.ScoreA),
                Two(row.ScoreB),
                Signed(row.Difference),
                row.CiLow is { } low && row.CiHigh is { } high ? Markup.Escape($"[{Signed(low)}, {Signed(high)}]") : "-");
        }
        Terminal.For(console.Out, console.OutputWidth).Write(table);
        console.Out.WriteLine($"A: {a.Path}");
        console.Out.WriteLine($"B: {b.Path}");
        console.Out.WriteLine($"scores as LogicKor's (single and multi means averaged) over the paired turns; 95% CI: paired bootstrap over questions, {difference.Resamples} resamples, seed {difference.Seed}.");
        if (difference.OnlyInA.Count + difference.OnlyInB.Count + difference.UnpairedTurns > 0)
        {
            console.Out.WriteLine(
                $"left out: questions only in A {Ids(difference.OnlyInA)}, only in B {Ids(difference.OnlyInB)}; turns scored on one side only: {difference.UnpairedTurns}.");
        }
        ReportFile.WriteIfAsked(json, () => JsonSerializer.Serialize(difference, KoJudgeJson.Indented), console);
        return ExitCodes.Success;
    }

    /// <summary>The one file a path names: a file, or a folder that holds exactly one.</summary>
    private static LogicKorResultSet One(string path, string? strategy)
    {
        var sets = LogicKorResultSet.Read(path, strategy);
        return sets.Count == 1 ? sets[0] : throw new InputFormatException(path, null, null, $"holds {sets.Count} LogicKor files; --diff compares one file with one file");
    }

    private static string Ids(IReadOnlyList<int> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    private static string Signed(double? value) => value?.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) ?? "-";

    private static string Two(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";
}
