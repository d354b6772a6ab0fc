using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Output;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using Spectre.Console;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary><c>kojudge logickor score</c>: LogicKor's leaderboard figures for judgment files.</summary>
public static class LogicKorScoreCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "LogicKor judgment files (or folders of them).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per file instead of tables." };
        var command = new Command(
            "score",
            "Print LogicKor's leaderboard figures for each judgment file: per category the mean single-turn and multi-turn scores, "
            + "and overall the mean single, the mean multi and their average, as LogicKor's score.py computes them. "
            + "Judgments KoJudge recorded as failed are left out of the means and counted.");
        command.Arguments.Add(files);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
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

    private static string Two(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";
}
