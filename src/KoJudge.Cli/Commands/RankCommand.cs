using System.CommandLine;
using KoJudge.Cli.Help;
using KoJudge.Cli.Paths;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge rank</c>: Bradley–Terry ratings with bootstrap intervals from pairwise verdicts.</summary>
public static class RankCommand
{
    public static Command Create(CliConsole console)
    {
        var verdicts = new Option<string>("--verdicts")
        {
            Description = "Pairwise verdicts, JSONL: model_a, model_b, verdict (\"A\", \"B\", \"tie\" or null for a failed judgment), and optionally flipped "
                + "and length_a, length_b (the answers' lengths in characters), as `kojudge compare` writes them.",
            Required = true,
        };
        var anchor = new Option<string?>("--anchor") { Description = "The model rated 1000." }.DefaultsTo("the baseline, the one model in every battle; else the first model by name");
        var ranking = new RankingFlags();
        var command = new Command(
            "rank",
            "Rank models from pairwise verdicts: maximum-likelihood Bradley-Terry without regularisation (a tie is half a win each side), on the Elo scale "
            + "(400 log10 of the odds) with the anchor at 1000, with 95% bootstrap intervals over the battles, the win rate against the anchor, battle counts "
            + "and each model's flip rate. Rows without a verdict are counted as failed, never as battles. Battles in groups that never met, or a group that "
            + "won every battle against the rest, are refused with the groups named.");
        command.Options.Add(verdicts);
        command.Options.Add(anchor);
        ranking.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(verdicts)!;
            if (!ranking.AreValid(parse, console))
            {
                return ExitCodes.BadInput;
            }
            if (InputPathCheck.FileProblem(path) is { } problem)
            {
                console.Error.WriteLine($"error: --verdicts {path}: {problem}.");
                return ExitCodes.BadInput;
            }
            return ranking.Rank(parse, console, path, parse.GetValue(anchor));
        });
        return command;
    }
}
