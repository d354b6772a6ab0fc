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

    [Theory]
    [InlineData(new[] { "parse", "--pairwise" }, "Feedback: 응답 B가 정확하다. [RESULT] B", "B", "응답 B가 정확하다.")]
    [InlineData(new[] { "parse", "--pairwise", "--verdict-format", "brackets" }, "둘 다 같다.\n\n[[C]]", "tie", "둘 다 같다.")]
    [InlineData(new[] { "parse", "--pairwise", "--verdict-format", "arena" }, "A가 훨씬 낫다. [[A>>B]]", "A", "A가 훨씬 낫다.")]
    public async Task Pairwise_prints_the_verdict_and_exits_0(string[] args, string reply, string verdict, string feedback)
    {
        var run = await CliRun.InvokeAsync(args, stdin: reply);

        run.AssertExit(ExitCodes.Success);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(verdict, json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(feedback, json.RootElement.GetProperty("feedback").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("error").ValueKind);
    }

    [Theory]
    [InlineData("result", "Feedback: (write a feedback for criteria) [RESULT] (Either \"A\" or \"B\")", "placeholder")]
    [InlineData("brackets", "Assistant A is fine and B is fine too.", "speaks of both A and B")]
    public async Task Pairwise_without_a_verdict_exits_3_with_the_reason(string format, string reply, string reason)
    {
        var run = await CliRun.InvokeAsync(["parse", "--pairwise", "--verdict-format", format], stdin: reply);

        run.AssertExit(ExitCodes.NoVerdict);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("verdict").ValueKind);
        Assert.Contains(reason, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
