using System.CommandLine;
using System.Text.Json;
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
            IReadOnlyList<KudgeFalseInfoItem> items;
            try
            {
                items = KudgeFalseInfoReader.Read(parse.GetValue(input)!.FullName);
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            using var writer = new StreamWriter(parse.GetValue(output)!.FullName, append: false, new System.Text.UTF8Encoding(false));
            foreach (var item in items)
            {
                writer.WriteLine(JsonSerializer.Serialize(new
                {
                    id = item.Item.Id,
                    instruction = item.Item.Instruction,
                    response = item.Item.Response,
                    reference = item.Item.Reference,
                    rubric = item.Item.Rubric,
                    category = $"kudge-falseinfo-{item.Kind}",
                }, KoJudgeJson.Options));
            }
            console.Error.WriteLine($"wrote {items.Count} items to {parse.GetValue(output)!.FullName}");
            return ExitCodes.Success;
        });
        return command;
    }
}
