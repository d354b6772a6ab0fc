using System.Text.Json;
using System.Text.Json.Nodes;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class BankJudgeItemsCommandTests
{
    [Fact]
    public async Task Judge_with_a_bank_of_results_needs_no_engine_scores_known_instructions_fails_unknown_ones_and_resumes()
    {
        var sets = SyntheticLogicKor.Sets(models: 12, questions: 4, strategies: ["default"]);
        var folder = Directory.CreateTempSubdirectory("kojudge-judge-bank-").FullName;
        var (bankItems, bankResults) = SyntheticLogicKor.WriteItemsAndResults(sets.Take(11), folder);
        var input = Path.Combine(folder, "new.jsonl");
        var newModel = sets[^1];
        File.WriteAllLines(input, [
            .. newModel.Records.Select(r => JsonSerializer.Serialize(new { id = $"new/{r.Id}", instruction = r.Questions[0], response = r.Outputs![0], rubric = "writing" })),
            JsonSerializer.Serialize(new { id = "new/unknown", instruction = "처음 보는 질문", response = "답변", rubric = "writing" }),
        ]);
        var output = Path.Combine(folder, "out.jsonl");
        string[] args = ["judge", "--judge", "bank", "--bank", bankResults, "--bank-items", bankItems, "--input", input, "--output", output];

        var run = await CliRun.InvokeAsync(args);

        run.AssertExit(ExitCodes.NoVerdict);
        Assert.Contains("judge: bank (44 judged answers to 4 instructions", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 failed (1 unjudgeable", run.Error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(r => (string)r["id"]!);
        Assert.Equal(5, rows.Count);
        Assert.Null(rows["new/unknown"]["score"]);
        Assert.Equal("unjudgeable", (string?)rows["new/unknown"]["error_kind"]);
        foreach (var record in newModel.Records)
        {
            var row = rows[$"new/{record.Id}"];
            var expected = (double)row["expected_score"]!;
            Assert.InRange(expected, 1, 5);
            Assert.Equal((int)Math.Round(expected, MidpointRounding.AwayFromZero), (int)row["score"]!);
            Assert.StartsWith("nearest judged answers: org", (string?)row["feedback"], StringComparison.Ordinal);
        }

        // A rerun keeps every row: the bank and the answers are what decide them, and neither changed.
        var again = await CliRun.InvokeAsync(args);
        again.AssertExit(ExitCodes.NoVerdict);
        Assert.Contains("5 already in", again.Error, StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task Judge_with_a_bank_refuses_a_folder_and_a_missing_items_file_in_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-judge-bank-").FullName;
        var (bankItems, bankResults) = SyntheticLogicKor.WriteItemsAndResults(SyntheticLogicKor.Sets(models: 2), folder);
        var input = Path.Combine(folder, "in.jsonl");
        File.WriteAllLines(input, [JsonSerializer.Serialize(new { id = "a", instruction = "질문", response = "답", rubric = "writing" })]);
        var output = Path.Combine(folder, "out.jsonl");

        var noItems = await CliRun.InvokeAsync(["judge", "--judge", "bank", "--bank", bankResults, "--input", input, "--output", output]);
        var aFolder = await CliRun.InvokeAsync(["judge", "--judge", "bank", "--bank", folder, "--bank-items", bankItems, "--input", input, "--output", output]);

        noItems.AssertExit(ExitCodes.BadInput);
        Assert.Equal("error: --judge bank needs --bank FILE (KoJudge results) and --bank-items FILE (the items they judged).", noItems.Error.Trim());
        aFolder.AssertExit(ExitCodes.BadInput);
        Assert.StartsWith($"error: --bank {folder}: is a folder;", aFolder.Error.Trim(), StringComparison.Ordinal);
        Assert.Single(aFolder.Error.Trim().Split('\n'));
        Assert.False(File.Exists(output));
    }
}
