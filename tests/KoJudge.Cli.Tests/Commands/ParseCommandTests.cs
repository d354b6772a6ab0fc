using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.Prompts;

namespace KoJudge.Cli.Tests.Commands;

public sealed class ParseCommandTests
{
    [Fact]
    public async Task Reads_the_seed_examples_output()
    {
        using var seed = JsonDocument.Parse(KoPrometheusSeed.ReadRawJson());
        var output = seed.RootElement.GetProperty("example").GetProperty("judge_output").GetString()!;

        var run = await CliRun.InvokeAsync(["parse"], stdin: output);

        run.AssertExit(0);
        Assert.Contains("\"score\": 4", run.Out, StringComparison.Ordinal);
        using var verdict = JsonDocument.Parse(run.Out);
        Assert.Equal(["score", "feedback", "error"], verdict.RootElement.EnumerateObject().Select(p => p.Name));
        var feedback = verdict.RootElement.GetProperty("feedback").GetString()!;
        Assert.StartsWith("이 답변은 함수 f(x)", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("[RESULT]", feedback, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, verdict.RootElement.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_reply_without_a_verdict_exits_3_with_the_reason()
    {
        var run = await CliRun.InvokeAsync(["parse"], stdin: "Feedback: 좋다. [RESULT] (an integer number between 1 and 5)\n");

        run.AssertExit(ExitCodes.NoVerdict);
        using var verdict = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Null, verdict.RootElement.GetProperty("score").ValueKind);
        Assert.Contains("echoes the template", verdict.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
