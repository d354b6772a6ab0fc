using System.CommandLine;
using System.Text.Json;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Kudge;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge kudge-items</c>: turns KUDGE's false-information CSV into items for <c>kojudge judge</c>.</summary>
public static class KudgeItemsCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<FileInfo>("--input") { Description = "KUDGE's k2-eval-pointwise-falseinfo.csv.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Where the items go (JSONL, ids = row numbers).", Required = true };
        var command = new Command(
            "kudge-items",
            "Write KUDGE's false-information rows as judge items (instruction, response, reference and rubric taken from each row's judge_query), "
            + "so `kojudge judge` judges them and `kojudge meta --kudge-falseinfo` scores the result.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!.FullName;
            if (!new OutputPathCheck(console).File("--output", target).Passed)
            {
                return ExitCodes.BadInput;
            }
            var source = parse.GetValue(input)!.FullName;
            if (InputPathCheck.FileProblem(source) is { } problem)
            {
                console.Error.WriteLine($"error: --input {source}: {problem}.");
                return ExitCodes.BadInput;
            }
            IReadOnlyList<KudgeFalseInfoItem> items;
            try
            {
                items = KudgeFalseInfoReader.Read(source);
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            WholeFileWriter.WriteLines(target, items.Select(item => JsonSerializer.Serialize(new
            {
                id = item.Item.Id,
                instruction = item.Item.Instruction,
                response = item.Item.Response,
                reference = item.Item.Reference,
                rubric = item.Item.Rubric,
                category = $"kudge-falseinfo-{item.Kind}",
            }, KoJudgeJson.Options)));
            console.Error.WriteLine($"wrote {items.Count} items to {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
