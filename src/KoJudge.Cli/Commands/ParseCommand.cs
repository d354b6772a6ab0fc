using System.CommandLine;
using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.Verdicts;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge parse</c>: reads a judge's reply on stdin and prints its verdict as JSON.</summary>
public static class ParseCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command(
            "parse",
            "Read a judge's reply on stdin and print {\"score\", \"feedback\", \"error\"} as JSON. Exits 0 with a verdict, 3 without one.");
        command.SetAction(_ =>
        {
            var verdict = VerdictParser.Parse(console.In.ReadToEnd());
            console.Out.WriteLine(JsonSerializer.Serialize(
                new { score = verdict.Score, feedback = verdict.Feedback, error = verdict.Error },
                KoJudgeJson.Indented));
            return verdict.HasScore ? ExitCodes.Success : ExitCodes.NoVerdict;
        });
        return command;
    }
}
