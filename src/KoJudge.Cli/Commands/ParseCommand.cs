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
        var pairwise = new Option<bool>("--pairwise") { Description = "Read a pairwise judge's reply and print {\"verdict\": \"A\"|\"B\"|\"tie\"|null, \"feedback\", \"error\"}." };
        var format = VerdictFormatOption.Create();
        var command = new Command(
            "parse",
            "Read a judge's reply on stdin and print {\"score\", \"feedback\", \"error\"} as JSON (with --pairwise, {\"verdict\", \"feedback\", \"error\"}). "
            + "Exits 0 with a verdict, 3 without one.");
        command.Options.Add(pairwise);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var reply = console.In.ReadToEnd();
            if (parse.GetValue(pairwise))
            {
                var pair = PairwiseVerdictParser.Parse(reply, VerdictFormatOption.Read(parse, format));
                console.Out.WriteLine(JsonSerializer.Serialize(
                    new { verdict = pair.Winner, margin = pair.Margin, feedback = pair.Feedback, error = pair.Error },
                    KoJudgeJson.Indented));
                return pair.HasVerdict ? ExitCodes.Success : ExitCodes.NoVerdict;
            }
            if (parse.GetResult(format) is { Implicit: false })
            {
                console.Error.WriteLine("error: --verdict-format reads pairwise replies; give --pairwise with it.");
                return ExitCodes.BadInput;
            }
            var verdict = VerdictParser.Parse(reply);
            console.Out.WriteLine(JsonSerializer.Serialize(
                new { score = verdict.Score, feedback = verdict.Feedback, error = verdict.Error },
                KoJudgeJson.Indented));
            return verdict.HasScore ? ExitCodes.Success : ExitCodes.NoVerdict;
        });
        return command;
    }
}
