using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.TestSupport;
using Microsoft.Extensions.AI;

namespace KoJudge.Tests.Judging;

/// <summary>Every way a judgment fails gives its kind, from the failure itself and not from its text.</summary>
public sealed class ErrorKindTests
{
    private static readonly JudgeItem Item = new("q1", "2+2는?", "4입니다.", "4", RubricCatalog.Find("math")!.Rubric, "수학(Math)");

    private static Task<JudgeResult> JudgeAsync(Func<int, ChatResponse> script) =>
        new PrometheusJudge(new ScriptedChatClient(script), new JudgeOptions { Retries = 2 }).JudgeAsync(Item).AsTask();

    [Fact]
    public async Task A_reply_without_a_verdict_is_no_verdict_after_every_retry()
    {
        var result = await JudgeAsync(_ => ScriptedChatClient.Reply("Feedback: 음..."));

        Assert.Equal((null, ErrorKind.NoVerdict, 3), (result.Score, result.ErrorKind, result.Attempts));
    }

    [Fact]
    public async Task A_reply_cut_off_by_the_token_limit_is_truncated()
    {
        var result = await JudgeAsync(_ => ScriptedChatClient.Reply("Feedback: 길고 긴", ChatFinishReason.Length));

        Assert.Equal((ErrorKind.Truncated, true), (result.ErrorKind, result.Truncated));
    }

    [Fact]
    public async Task An_engine_fault_is_retried_and_then_an_engine_error()
    {
        var result = await JudgeAsync(_ => throw new HttpRequestException("connection reset"));

        Assert.Equal((ErrorKind.EngineError, 3), (result.ErrorKind, result.Attempts));
        Assert.Contains("connection reset", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorKind.Unauthorized)]
    [InlineData(ErrorKind.PromptTooLong)]
    public async Task A_refusal_keeps_its_kind_and_is_not_asked_again(ErrorKind kind)
    {
        var result = await JudgeAsync(_ => throw new EngineRefusalException(kind, "refused"));

        Assert.Equal((kind, 1), (result.ErrorKind, result.Attempts));
    }

    [Fact]
    public async Task A_fault_then_a_verdict_leaves_no_kind_behind()
    {
        var result = await JudgeAsync(call => call == 0 ? throw new HttpRequestException("reset") : ScriptedChatClient.Reply("Feedback: 좋다. [RESULT] 4"));

        Assert.Equal((4, (ErrorKind?)null, (string?)null), (result.Score, result.ErrorKind, result.Error));
    }
}
