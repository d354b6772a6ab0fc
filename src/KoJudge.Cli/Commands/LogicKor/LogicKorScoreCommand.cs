using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Output;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.Statistics;
using Spectre.Console;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>kojudge logickor score</c>: LogicKor's leaderboard figures for judgment files.</summary>
public static class LogicKorScoreCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "LogicKor judgment files (or folders of them).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per file instead of tables (with --diff, the difference as one JSON object)." };
        var diff = new Option<bool>("--diff")
        {
            Description = "Given two files A and B: per category and overall, B's LogicKor score minus A's over the questions both have (paired by id; "
                + "a question in one file only, or a turn either side failed, is left out of both and counted), with a paired bootstrap 95% interval "
                + $"over questions ({BootstrapInterval.DefaultResamples} resamples, fixed seed).",
        };
        var command = new Command(
            "score",
            "Print LogicKor's leaderboard figures for each judgment file: per category the mean single-turn and multi-turn scores, "
            + "and overall the mean single, the mean multi and their average, as LogicKor's score.py computes them. "
            + "Judgments KoJudge recorded as failed are left out of the means and counted.");
        command.Arguments.Add(files);
        command.Options.Add(json);
        command.Options.Add(diff);
        command.SetAction(parse =>
        {
            if (parse.GetValue(diff))
            {
                return Difference(parse.GetValue(files)!, parse.GetValue(json), console);
            }
            List<LogicKorScoreboard> boards;
            try
            {
                boards = parse.GetValue(files)!.SelectMany(path => LogicKorResultSet.Read(path)).Select(LogicKorScoreboard.Compute).ToList();
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            foreach (var board in boards)
            {
                if (parse.GetValue(json))
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(board, KoJudgeJson.Options));
                }
                else
                {
                    Print(board, console);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(LogicKorScoreboard board, CliConsole console)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape($"{board.Model} ({board.Strategy})")) }.AddColumns("category", "single", "multi", "failed");
        foreach (var (category, means) in board.Categories)
        {
            table.AddRow(Markup.Escape(category), Two(means.SingleTurn), Two(means.MultiTurn), means.Failed.ToString(CultureInfo.InvariantCulture));
        }
        table.AddRow("overall", Two(board.Total.SingleTurn), Two(board.Total.MultiTurn), board.Total.Failed.ToString(CultureInfo.InvariantCulture));
        Terminal.For(console.Out).Write(table);
        console.Out.WriteLine($"overall score (single and multi averaged): {Two(board.Total.Average)}");
    }

    private static int Difference(string[] paths, bool json, CliConsole console)
    {
        if (paths.Length != 2)
        {
            console.Error.WriteLine($"error: --diff compares two judgment files, A and B; {paths.Length} were given.");
            return ExitCodes.BadInput;
        }
        LogicKorResultSet a, b;
        try
        {
            (a, b) = (One(paths[0]), One(paths[1]));
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var difference = LogicKorScoreDifference.Compute(a, b);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(difference, KoJudgeJson.Options));
            return ExitCodes.Success;
        }
        var table = new Table { Title = new TableTitle(Markup.Escape($"B − A: {b.Model} ({b.Strategy}) against {a.Model} ({a.Strategy})")) }
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
        Terminal.For(console.Out).Write(table);
        console.Out.WriteLine($"A: {a.Path}");
        console.Out.WriteLine($"B: {b.Path}");
        console.Out.WriteLine($"scores as LogicKor's (single and multi means averaged) over the paired turns; 95% CI: paired bootstrap over questions, {difference.Resamples} resamples, seed {difference.Seed}.");
        if (difference.OnlyInA.Count + difference.OnlyInB.Count + difference.UnpairedTurns > 0)
        {
            console.Out.WriteLine(
                $"left out: questions only in A {Ids(difference.OnlyInA)}, only in B {Ids(difference.OnlyInB)}; turns scored on one side only: {difference.UnpairedTurns}.");
        }
        return ExitCodes.Success;
    }

    /// <summary>The one file a path names: a file, or a folder that holds exactly one.</summary>
    private static LogicKorResultSet One(string path)
    {
        var sets = LogicKorResultSet.Read(path);
        return sets.Count == 1 ? sets[0] : throw new InputFormatException(path, null, null, $"holds {sets.Count} LogicKor files; --diff compares one file with one file");
    }

    private static string Ids(IReadOnlyList<int> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    private static string Signed(double? value) => value?.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) ?? "-";

    private static string Two(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";
}
