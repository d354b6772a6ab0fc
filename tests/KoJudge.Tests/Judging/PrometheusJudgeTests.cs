using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.TestSupport;
using Microsoft.Extensions.AI;

namespace KoJudge.Tests.Judging;

public sealed class PrometheusJudgeTests
{
    private static readonly JudgeItem Item = new("q1", "2+2는?", "4입니다.", "4", RubricCatalog.Find("math")!.Rubric, "수학(Math)");

    [Fact]
    public async Task Asks_greedily_with_the_Llama3_stop_tokens_and_512_tokens()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 맞습니다. [RESULT] 5"));

        var result = await new PrometheusJudge(client).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Equal(5, result.Score);
        Assert.Equal("맞습니다.", result.Feedback);
        Assert.Null(result.Error);
        Assert.Equal(1, result.Attempts);
        Assert.Equal("Feedback: 맞습니다. [RESULT] 5", result.Raw);
        Assert.Equal("q1", result.Id);
        Assert.Equal("수학(Math)", result.Category);
        var (messages, options) = Assert.Single(client.Calls);
        var message = Assert.Single(messages);
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Equal(Item.RenderPrompt(), message.Text);
        Assert.Equal(0f, options!.Temperature);
        Assert.Equal(512, options.MaxOutputTokens);
        Assert.Equal(["<|eot_id|>", "<|end_of_text|>"], options.StopSequences!);
    }

    [Fact]
    public async Task Retries_a_reply_without_a_verdict_by_sampling_with_new_seeds()
    {
        var client = new ScriptedChatClient(call => ScriptedChatClient.Reply(call < 2 ? "Feedback: 음..." : "Feedback: 좋다. [RESULT] 3"));

        var result = await new PrometheusJudge(client, new JudgeOptions { Seed = 40 }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Score);
        Assert.Equal(3, result.Attempts);
        Assert.Null(result.Error);
        Assert.Equal([0f, 1f, 1f], client.Calls.Select(c => c.Options!.Temperature!.Value));
        Assert.Equal([40L, 41L, 42L], client.Calls.Select(c => c.Options!.Seed!.Value));
    }

    [Fact]
    public async Task After_the_last_retry_keeps_a_null_score_and_the_reason()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 좋다. [RESULT] 7"));

        var result = await new PrometheusJudge(client, new JudgeOptions { Retries = 1 }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Null(result.Score);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("no verdict after 2 attempts: the score '7' is not an integer from 1 to 5", result.Error);
        Assert.Equal("Feedback: 좋다. [RESULT] 7", result.Raw);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_reply_cut_off_by_the_token_limit_is_reported_as_truncated()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 아주 긴 평가가 이어지", ChatFinishReason.Length));

        var result = await new PrometheusJudge(client, new JudgeOptions { Retries = 0, MaxOutputTokens = 64 }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Null(result.Score);
        Assert.True(result.Truncated);
        Assert.StartsWith("no verdict after 1 attempt: truncated: the reply hit the 64-token limit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_fault_fails_the_attempt_not_the_run()
    {
        var client = new ScriptedChatClient(call => call == 0
            ? throw new HttpRequestException("connection reset")
            : ScriptedChatClient.Reply("[RESULT] 2"));

        var result = await new PrometheusJudge(client).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Score);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Engine_faults_on_every_attempt_give_the_fault_as_reason()
    {
        var client = new ScriptedChatClient(_ => throw new HttpRequestException("connection reset"));

        var result = await new PrometheusJudge(client, new JudgeOptions { Retries = 2 }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Null(result.Score);
        Assert.Equal(3, result.Attempts);
        Assert.Equal("no verdict after 3 attempts: engine error: connection reset", result.Error);
        Assert.Null(result.Raw);
    }

    [Fact]
    public async Task A_request_the_engine_refuses_is_not_asked_again()
    {
        var client = new ScriptedChatClient(_ => throw new ArgumentException("the prompt has 9000 tokens, but a sequence holds 4096"));

        var result = await new PrometheusJudge(client, new JudgeOptions { Retries = 2 }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Null(result.Score);
        Assert.Equal(1, result.Attempts);
        Assert.Single(client.Calls);
        Assert.Equal("no verdict after 1 attempt: engine error: the prompt has 9000 tokens, but a sequence holds 4096", result.Error);
    }

    [Fact]
    public async Task Cancellation_stops_the_judge_rather_than_failing_the_item()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("[RESULT] 2"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PrometheusJudge(client).JudgeAsync(Item, cancel.Token).AsTask());
    }

    [Fact]
    public async Task A_system_prompt_goes_first()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("[RESULT] 4"));

        _ = await new PrometheusJudge(client, new JudgeOptions { SystemPrompt = "공정한 심판" }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        var messages = client.Calls[0].Messages;
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal("공정한 심판", messages[0].Text);
    }

    [Fact]
    public async Task An_item_without_reference_is_asked_with_the_no_reference_prompt()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("[RESULT] 4"));
        var item = Item with { Reference = null };

        _ = await new PrometheusJudge(client).JudgeAsync(item, TestContext.Current.CancellationToken);

        Assert.DoesNotContain("Reference Answer", client.Calls[0].Messages[0].Text, StringComparison.Ordinal);
    }
}
