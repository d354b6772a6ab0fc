using System.CommandLine;
using System.Text.Json;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge gold-pairs</c>: writes pairs whose better answer is known as <c>kojudge compare</c> input, so
/// <c>kojudge meta --pairwise</c> can score the verdicts, joined back by id, with the same gold flags.
/// </summary>
public static class GoldPairsCommand
{
    public static Command Create(CliConsole console)
    {
        var pairs = new GoldPairOptions();
        var gold = new Option<string?>("--gold") { Description = "Instead of --kudge: a LogicKor evaluated folder (<org>/<model>/<strategy>.jsonl) or a LogicKor folder's root; its GPT-4 scores make the gold." };
        var strategy = new Option<string>("--strategy") { Description = "With --gold: the answer strategy whose answers are paired.", DefaultValueFactory = _ => LogicKorResultSet.DefaultStrategy };
        var output = new Option<FileInfo>("--output") { Description = "Where the pairs go: JSONL for `kojudge compare --input`.", Required = true };
        var command = new Command(
            "gold-pairs",
            "Write pairs with a known winner as `kojudge compare` input (id, instruction, response_a, response_b, reference, category, model_a, model_b; "
            + "the winner is not written), for `kojudge meta --pairwise` with the same --kudge or --gold to score. KUDGE: every row, ids challenge-<row> "
            + "or falseinfo-<row>. LogicKor: per question, turn 1, up to --pairs-per-question pairs of answers whose GPT-4 scores differ by 2 or more.");
        foreach (var option in new Option[] { pairs.Kudge, gold, strategy, pairs.PairsPerQuestion, output })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!.FullName;
            if (!new OutputPathCheck(console).File("--output", target).Passed)
            {
                return ExitCodes.BadInput;
            }
            if (pairs.Read(parse, parse.GetValue(gold), parse.GetValue(strategy)!, console) is not { } read)
            {
                return ExitCodes.BadInput;
            }
            WholeFileWriter.WriteLines(target, read.Pairs.Select(pair => JsonSerializer.Serialize(new
            {
                id = pair.Item.Id,
                instruction = pair.Item.Instruction,
                response_a = pair.Item.ResponseA,
                response_b = pair.Item.ResponseB,
                reference = pair.Item.Reference,
                category = pair.Item.Category,
                model_a = pair.Item.ModelA,
                model_b = pair.Item.ModelB,
            }, KoJudgeJson.Options)));
            console.Error.WriteLine($"wrote {read.Pairs.Count} pairs to {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
