using System.Text.Json;
using System.Text.Json.Nodes;
using KoJudge.Cli.Tests.Support;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed class BankJudgeCommandTests
{
    [Fact]
    public async Task The_banks_fitted_model_is_kept_in_the_runs_cache_folder_and_read_back_by_the_next_run()
    {
        var sets = SyntheticLogicKor.Sets(models: 40, strategies: ["default"]);
        var bank = SyntheticLogicKor.WriteFolder(sets.Skip(1));
        var input = SyntheticLogicKor.WriteFolder(sets.Take(1));
        var cache = Directory.CreateTempSubdirectory("kojudge-bank-cache-").FullName;
        var environment = new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = cache };
        string[] Args(string output) => ["logickor", "judge", "--judge", "bank", "--bank", bank, "--input", input, "--output", output];

        var first = await CliRun.InvokeAsync(Args(Path.Combine(input, "..", Path.GetFileName(input) + "-1")), environment: environment);
        var second = await CliRun.InvokeAsync(Args(Path.Combine(input, "..", Path.GetFileName(input) + "-2")), environment: environment);
        var uncached = await CliRun.InvokeAsync([.. Args(Path.Combine(input, "..", Path.GetFileName(input) + "-3")), "--no-cache"], environment: environment);

        first.AssertExit(ExitCodes.Success);
        second.AssertExit(ExitCodes.Success);
        uncached.AssertExit(ExitCodes.Success);
        Assert.DoesNotContain("read from the cache", first.Error, StringComparison.Ordinal);
        Assert.Contains("its model read from the cache", second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("read from the cache", uncached.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "banks"), "*.zip"));
    }

    [Fact]
    public async Task Logickor_judge_with_the_bank_needs_no_engine_writes_a_folder_that_score_reads_and_ignores_judgments_in_its_input()
    {
        var sets = SyntheticLogicKor.Sets();
        var heldOut = new[] { "org2/model-5", "org0/model-6" };
        var bank = SyntheticLogicKor.WriteFolder(sets.Where(s => !heldOut.Contains(s.Model)));
        var answers = sets.Where(s => heldOut.Contains(s.Model) && s.Strategy == "default").ToList();
        // One input carries the gold's judgments, the other planted wrong ones and errors; a question the bank does not know is added to both.
        var unknown = SyntheticLogicKor.Record(99, "모르는 질문의 답", "후속 답", 10, 10);
        var clean = SyntheticLogicKor.WriteFolder(answers.Select(s => s with { Records = [.. s.Records, unknown] }));
        var planted = SyntheticLogicKor.WriteFolder(answers.Select(s => s with
        {
            Records = [.. s.Records.Select(r => r with
            {
                SingleTurn = new LogicKorTurnJudgment("planted", 10 - r.SingleTurn!.Score!.Value),
                MultiTurn = new LogicKorTurnJudgment("planted", null, "planted error", Judging.ErrorKind.EngineError),
            }), unknown],
        }));
        var fromClean = Path.Combine(clean, "..", Path.GetFileName(clean) + "-judged");
        var fromPlanted = Path.Combine(planted, "..", Path.GetFileName(planted) + "-judged");

        var first = await CliRun.InvokeAsync(["logickor", "judge", "--judge", "bank", "--bank", bank, "--input", clean, "--output", fromClean]);
        var second = await CliRun.InvokeAsync(["logickor", "judge", "--judge", "bank", "--bank", bank, "--input", planted, "--output", fromPlanted]);

        // The unknown question fails (exit 3), with its reason; every other row has both turns on the gold's scale.
        first.AssertExit(ExitCodes.NoVerdict);
        second.AssertExit(ExitCodes.NoVerdict);
        Assert.Contains("12 judged, 2 failed (2 unjudgeable", first.Error, StringComparison.Ordinal);
        foreach (var set in answers)
        {
            var relative = Path.Combine(set.Model, "default.jsonl");
            var cleanRows = File.ReadAllLines(Path.Combine(fromClean, relative)).Select(l => JsonNode.Parse(l)!.AsObject()).OrderBy(r => (int)r["id"]!).ToList();
            var plantedRows = File.ReadAllLines(Path.Combine(fromPlanted, relative)).Select(l => JsonNode.Parse(l)!.AsObject()).OrderBy(r => (int)r["id"]!).ToList();
            Assert.Equal(7, cleanRows.Count);
            foreach (var (a, b) in cleanRows.Zip(plantedRows))
            {
                Assert.Equal(a["query_single"]!.ToJsonString(), b["query_single"]!.ToJsonString());
                Assert.Equal(a["query_multi"]!.ToJsonString(), b["query_multi"]!.ToJsonString());
            }
            var failedRow = cleanRows.Single(r => (int)r["id"]! == 99);
            Assert.Null(failedRow["query_single"]!["judge_score"]);
            Assert.Equal("unjudgeable", (string?)failedRow["query_single"]!["error_kind"]);
            Assert.Equal("the bank has no judged answers to question 99, turn 1", (string?)failedRow["query_single"]!["error"]);
            foreach (var row in cleanRows.Where(r => (int)r["id"]! != 99))
            {
                Assert.InRange((double)row["query_single"]!["judge_score"]!, 0, 10);
                Assert.InRange((double)row["query_multi"]!["judge_score"]!, 0, 10);
                Assert.StartsWith("nearest judged answers: ", (string?)row["query_single"]!["judge_message"], StringComparison.Ordinal);
            }
        }

        var (score, json) = await ScoreJson.InvokeAsync(["logickor", "score", fromClean]);
        score.AssertExit(ExitCodes.Success);
        Assert.Contains("LogicKor scores, bank 0–10 (2 rows)", score.Out, StringComparison.Ordinal);
        var boards = ScoreJson.Rows(json).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, boards.Count);
        Assert.All(boards, b => Assert.InRange(b.GetProperty("overall").GetProperty("overall").GetDouble(), 0, 10));
        Assert.All(boards, b => Assert.Equal(2, b.GetProperty("overall").GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task Logickor_judge_with_the_bank_says_what_is_missing()
    {
        var input = SyntheticLogicKor.WriteFolder(SyntheticLogicKor.Sets(models: 2));

        var noBank = await CliRun.InvokeAsync(["logickor", "judge", "--judge", "bank", "--input", input, "--output", input + "-out"]);
        var missing = await CliRun.InvokeAsync(["logickor", "judge", "--judge", "bank", "--bank", input + "-nowhere", "--input", input, "--output", input + "-out"]);

        noBank.AssertExit(ExitCodes.BadInput);
        Assert.Contains("--judge bank needs --bank DIR", noBank.Error, StringComparison.Ordinal);
        missing.AssertExit(ExitCodes.BadInput);
        Assert.Contains("no such folder", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_bank_prints_its_phases_as_JSON()
    {
        var folder = SyntheticLogicKor.WriteFolder(SyntheticLogicKor.Sets());

        var run = await CliRun.InvokeAsync(["bench-bank", "--bank", folder, "--answers", Path.Combine(folder, "org1", "model-4", "default.jsonl")]);

        run.AssertExit(ExitCodes.Success);
        using var report = JsonDocument.Parse(run.Out);
        Assert.Equal("org1/model-4", report.RootElement.GetProperty("model").GetString());
        Assert.Equal(9, report.RootElement.GetProperty("bank_models").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("failed_turns").GetInt32());
        var phases = new[] { "read_s", "fit_s", "judge_s" }.Sum(p => report.RootElement.GetProperty(p).GetDouble());
        Assert.Equal(report.RootElement.GetProperty("total_s").GetDouble(), phases, precision: 2);
    }

    [Fact]
    public async Task Meta_with_the_bank_judge_agrees_with_GPT_4_leave_one_model_out_in_every_category()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("kojudge-bank-meta-").FullName, "meta.json");

        var run = await CliRun.InvokeAsync(
            ["meta", "--bank", "--gold", SharedData.PathOf("data", "logickor", "v2", "evaluated"), "--strategy", "default", "--json", json]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("held out together (aliases, by their answers): Qwen/Qwen1.5-14B-Chat = qwen/qwen-14b-chat", run.Error, StringComparison.Ordinal);
        Assert.Contains("held out together (aliases, by their answers): mistralai/mistral-7b-instruct = mistralai/mistral-7b-instruct-v0.3", run.Error, StringComparison.Ordinal);
        Assert.Contains("bank: LogicKor score (both turns) estimated for 44 models", run.Error, StringComparison.Ordinal);
        using var table = JsonDocument.Parse(File.ReadAllText(json));
        var judges = table.RootElement.GetProperty("judges").EnumerateArray().ToList();
        Assert.Equal(["bank", "floor"], judges.Select(s => s.GetProperty("kind").GetString()));
        var bank = judges[0];
        Assert.Equal(1844, bank.GetProperty("overall").GetProperty("n").GetInt32());
        Assert.True(bank.GetProperty("overall").GetProperty("spearman").GetDouble() >= 0.62, bank.GetRawText());
        foreach (var category in bank.GetProperty("categories").EnumerateObject())
        {
            Assert.True(category.Value.GetProperty("spearman").GetDouble() >= 0.40, $"{category.Name}: {category.Value.GetRawText()}");
        }
        Assert.Equal(44, bank.GetProperty("model_means").GetArrayLength());
        Assert.True(bank.GetProperty("model_spearman").GetDouble() >= 0.85, bank.GetRawText());
        Assert.True(bank.GetProperty("score_mae").GetDouble() <= 1.0, bank.GetRawText());
        Assert.Matches(@"\n +bank +1844 ", run.Out);
    }
}
