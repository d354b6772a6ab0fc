using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed class LogicKorChainTests
{
    [Fact]
    public async Task Generate_judge_score_and_meta_run_on_the_in_process_engine()
    {
        var (model, lora) = GeneratedModels.Tiny();
        var directory = Directory.CreateTempSubdirectory("kojudge-chain-").FullName;
        var answers = Path.Combine(directory, "answers.jsonl");
        var judged = Path.Combine(directory, "judged.jsonl");
        string[] engine = ["--model", model, "--threads", "2", "--parallel", "4", "--flash-attention", "off"];

        var generate = await CliRun.InvokeAsync(
            ["logickor", "generate", "--logickor", SharedData.PathOf("data", "logickor"), "--strategy", "1-shot", "--limit", "6", "--output", answers, "--max-tokens", "12", .. engine]);
        var judge = await CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "prometheus", "--input", answers, "--output", judged, "--constrain", "--lora", lora, "--max-tokens", "48", .. engine]);
        var (score, json) = await ScoreJson.InvokeAsync(["logickor", "score", judged]);
        var meta = await CliRun.InvokeAsync(["meta", "--gold", judged, "--baseline", "hangul"]);

        generate.AssertExit(ExitCodes.Success);
        var answered = File.ReadAllLines(answers).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], answered.Select(r => r.GetProperty("id").GetInt32()).Order());
        Assert.All(answered, r => Assert.Equal(2, r.GetProperty("outputs").GetArrayLength()));
        judge.AssertExit(ExitCodes.Success);
        Assert.All(File.ReadAllLines(judged).Select(l => JsonDocument.Parse(l).RootElement),
            r => Assert.InRange(r.GetProperty("query_single").GetProperty("judge_score").GetDouble(), 1, 5));
        score.AssertExit(ExitCodes.Success);
        Assert.Contains("LogicKor scores, Prometheus 1–5 (1 rows)", score.Out, StringComparison.Ordinal);
        using var board = JsonDocument.Parse(Assert.Single(ScoreJson.Rows(json)));
        Assert.InRange(board.RootElement.GetProperty("overall").GetProperty("single").GetDouble(), 1, 5);
        meta.AssertExit(ExitCodes.Success);
        Assert.Contains("overall", meta.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n +baseline:hangul +6 ", meta.Out);
    }
}
