using KoJudge.Judging;
using KoJudge.Pairwise;
using KoJudge.Prompts;
using KoJudge.Runs;
using KoJudge.TestSupport;
using KoJudge.Verdicts;
using Microsoft.Extensions.AI;

namespace KoJudge.Tests.Pairwise;

public sealed class PairwiseJudgeTests
{
    private static readonly PairwiseItem Item = new(
        "p1", "2+2는?", "답은 4입니다.", "답은 5입니다.", "4", RubricCatalog.Find("math")!.Rubric, "수학(Math)", "model-x", "model-y");

    // A judge that reads which answer it was shown first, so each order's reply follows from the prompt alone.
    private static ScriptedChatClient Judge(Func<bool, string> replyWhenCorrectAnswerShownFirst) =>
        new((_, prompt) => ScriptedChatClient.Reply(replyWhenCorrectAnswerShownFirst(
            prompt.IndexOf(Item.ResponseA, StringComparison.Ordinal) < prompt.IndexOf(Item.ResponseB, StringComparison.Ordinal))));

    [Fact]
    public async Task Judges_both_orders_and_the_same_verdict_twice_is_the_verdict()
    {
        var client = Judge(aFirst => aFirst ? "Feedback: 첫 응답이 맞다. [RESULT] A" : "Feedback: 둘째 응답이 맞다. [RESULT] B");
        var judge = new PairwiseJudge(client, PairwisePrompt.BuiltIn());

        var result = await judge.JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Equal(PairwiseWinner.A, result.Verdict);
        Assert.False(result.Flipped);
        Assert.Null(result.Error);
        Assert.Equal(PairwiseWinner.A, result.AsGiven.Verdict);
        Assert.Equal(PairwiseWinner.A, result.Swapped.Verdict);
        Assert.Equal("Feedback: 둘째 응답이 맞다. [RESULT] B", result.Swapped.Raw);
        Assert.Equal("둘째 응답이 맞다.", result.Swapped.Feedback);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(("p1", "model-x", "model-y", "수학(Math)"), (result.Id, result.ModelA, result.ModelB, result.Category));
        Assert.Equal((Item.ResponseA.Length, Item.ResponseB.Length), (result.LengthA, result.LengthB));
        Assert.Equal([Item.RenderPrompt(judge.Prompt, swapped: false), Item.RenderPrompt(judge.Prompt, swapped: true)], client.Calls.Select(c => c.Messages[^1].Text));
    }

    [Fact]
    public async Task A_judge_that_follows_the_position_gives_a_tie_flagged_flipped()
    {
        var client = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 첫째가 낫다. [RESULT] A"));

        var result = await new PairwiseJudge(client, PairwisePrompt.BuiltIn()).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Equal(PairwiseWinner.Tie, result.Verdict);
        Assert.True(result.Flipped);
        Assert.Equal(PairwiseWinner.A, result.AsGiven.Verdict);
        Assert.Equal(PairwiseWinner.B, result.Swapped.Verdict);
        Assert.Null(result.Margin);
    }

    [Theory]
    [InlineData("[[A>>B]]", "[[B>A]]", PairwiseWinner.A, 1)]
    [InlineData("[[A>>B]]", "[[B>>A]]", PairwiseWinner.A, 2)]
    [InlineData("[[A=B]]", "[[A=B]]", PairwiseWinner.Tie, 0)]
    [InlineData("[[B>A]]", "[[A>>B]]", PairwiseWinner.B, 1)]
    public async Task An_arena_verdict_keeps_the_margin_both_orders_grant(string asGiven, string swapped, PairwiseWinner verdict, int margin)
    {
        var client = Judge(aFirst => aFirst ? asGiven : swapped);

        var result = await new PairwiseJudge(client, PairwisePrompt.BuiltIn(PairwiseVerdictFormat.Arena)).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(margin, result.Margin);
        Assert.False(result.Flipped);
    }

    [Fact]
    public async Task An_order_without_a_verdict_after_its_retries_leaves_the_pair_without_one_and_says_which()
    {
        var client = Judge(aFirst => aFirst ? "Feedback: 첫째가 낫다. [RESULT] A" : "Feedback: 음… 둘 다 괜찮다.");

        var result = await new PairwiseJudge(client, PairwisePrompt.BuiltIn(), new JudgeOptions { Retries = 1 }).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Null(result.Verdict);
        Assert.False(result.Flipped);
        Assert.Equal(ErrorKind.NoVerdict, result.ErrorKind);
        Assert.StartsWith("swapped: no verdict after 2 attempts: no verdict marker", result.Error, StringComparison.Ordinal);
        Assert.Equal(PairwiseWinner.A, result.AsGiven.Verdict);
        Assert.Null(result.Swapped.Verdict);
        Assert.Equal(3, result.Attempts);
        Assert.Equal([0f, 0f, 1f], client.Calls.Select(c => c.Options!.Temperature ?? -1));
    }

    [Fact]
    public async Task An_engine_refusal_fails_the_order_at_once_with_its_kind()
    {
        var client = new ScriptedChatClient(_ => throw new EngineRefusalException(ErrorKind.PromptTooLong, "the prompt is 5000 tokens"));

        var result = await new PairwiseJudge(client, PairwisePrompt.BuiltIn()).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.Null(result.Verdict);
        Assert.Equal(ErrorKind.PromptTooLong, result.ErrorKind);
        Assert.Equal(2, client.Calls.Count);
        Assert.Contains("as given: no verdict after 1 attempt: engine error: the prompt is 5000 tokens; swapped:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_message_and_the_sampling_settings_reach_the_engine()
    {
        var client = Judge(aFirst => aFirst ? "[[A]]" : "[[B]]");
        var options = new JudgeOptions { SystemPrompt = "너는 공정한 심판이다.", MaxOutputTokens = 64, Seed = 7 };

        await new PairwiseJudge(client, PairwisePrompt.BuiltIn(PairwiseVerdictFormat.Brackets), options).JudgeAsync(Item, TestContext.Current.CancellationToken);

        Assert.All(client.Calls, c =>
        {
            Assert.Equal(ChatRole.System, c.Messages[0].Role);
            Assert.Equal("너는 공정한 심판이다.", c.Messages[0].Text);
            Assert.Equal(64, c.Options!.MaxOutputTokens);
            Assert.Equal(7, c.Options.Seed);
        });
    }

    [Fact]
    public void The_request_hash_changes_with_the_format_the_prompts_and_the_engine_and_not_otherwise()
    {
        var options = new JudgeOptions();
        var result = PairwisePrompt.BuiltIn();
        var hash = RequestFingerprint.Compute(Item, result, options, "engine");

        Assert.Equal(hash, RequestFingerprint.Compute(Item with { Category = "다른 범주", ModelA = "m" }, result, options, "engine"));
        Assert.NotEqual(hash, RequestFingerprint.Compute(Item, PairwisePrompt.BuiltIn(PairwiseVerdictFormat.Brackets), options, "engine"));
        Assert.NotEqual(hash, RequestFingerprint.Compute(Item with { ResponseA = Item.ResponseB, ResponseB = Item.ResponseA }, result, options, "engine"));
        Assert.NotEqual(hash, RequestFingerprint.Compute(Item, result, options, "other-engine"));
        // A template file is known by what it renders, not by its name.
        Assert.Equal(hash, RequestFingerprint.Compute(Item, PairwisePrompt.FromTemplate(result.Template, PairwiseVerdictFormat.Result, "file"), options, "engine"));
        Assert.NotEqual(hash, RequestFingerprint.Compute(Item, PairwisePrompt.FromTemplate(result.Template + " ", PairwiseVerdictFormat.Result, "file"), options, "engine"));
    }
}
