using KoJudge.Judging;
using KoJudge.LlamaCpp.Tests.Support;

namespace KoJudge.LlamaCpp.Tests.Generation;

public sealed class VerdictTests
{
    [Fact]
    public async Task With_the_grammar_50_of_50_items_get_a_verdict_and_a_score_distribution()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 8, withLora: true) with { ConstrainVerdict = true });
        var judge = new PrometheusJudge(engine.AsChatClient(), new JudgeOptions { MaxOutputTokens = 96, Retries = 0 });

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(n => judge.JudgeAsync(JudgeItems.Item(n)).AsTask()));

        Assert.All(results, r =>
        {
            Assert.True(r.Score is >= 1 and <= 5, $"{r.Id}: {r.Error} / {r.Raw}");
            Assert.Equal(1, r.Attempts);
            Assert.StartsWith("Feedback: ", r.Raw, StringComparison.Ordinal);
            Assert.Matches(@" \[RESULT\] [1-5]\z", r.Raw);
            Assert.NotNull(r.Probabilities);
            Assert.Equal(5, r.Probabilities!.Count);
            Assert.Equal(1.0, r.Probabilities.Sum(), precision: 9);
            Assert.All(r.Probabilities, p => Assert.InRange(p, 0.0, 1.0));
            Assert.InRange(r.ExpectedScore!.Value, 1.0, 5.0);
            Assert.Equal(r.Probabilities.Select((p, i) => p * (i + 1)).Sum(), r.ExpectedScore.Value, precision: 12);
        });
    }

    [Theory]
    [InlineData(14)]
    [InlineData(20)]
    [InlineData(33)]
    public async Task Even_a_tight_token_budget_ends_in_a_verdict(int maxTokens)
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 4) with { ConstrainVerdict = true });
        var judge = new PrometheusJudge(engine.AsChatClient(), new JudgeOptions { MaxOutputTokens = maxTokens, Retries = 0 });

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => judge.JudgeAsync(JudgeItems.Item(n)).AsTask()));

        Assert.All(results, r => Assert.True(r.Score is >= 1 and <= 5, $"{r.Id}: {r.Error} / {r.Raw}"));
    }

    [Fact]
    public async Task Without_the_grammar_a_forced_verdict_still_gets_its_distribution()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny());
        var chat = engine.AsChatClient();
        var prompt = engine.TokenizePrompt(JudgeItems.Chat(0));
        var reply = engine.Generator.Tokenize("Feedback: 좋다. [RESULT] 3", addBos: false);
        var steps = new List<float[]>();

        var result = await engine.Generator.GenerateAsync(new KoJudge.LlamaCpp.Generation.GenerationRequest(prompt) { ForcedTokens = reply, OnLogits = steps.Add }, TestContext.Current.CancellationToken);

        Assert.Equal("Feedback: 좋다. [RESULT] 3", result.Text);
        Assert.NotNull(result.ScoreProbabilities);
        // The distribution is read where "3" was written: the softmax of the digits' logits at that step.
        var atDigit = steps[reply.Length - 1];
        var digits = Enumerable.Range(1, 5).Select(d => atDigit[(int)engine.Generator.Tokenize(d.ToString(System.Globalization.CultureInfo.InvariantCulture), addBos: false).Single()]).ToArray();
        var expected = ScoreDistributionContent.FromLogits(digits).Probabilities;
        Assert.Equal(expected, result.ScoreProbabilities!);
        Assert.NotNull(chat);
    }

    [Fact]
    public async Task A_reply_without_a_marker_has_no_distribution()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny());
        var reply = engine.Generator.Tokenize("Feedback: 좋다. 3점", addBos: false);

        var result = await engine.Generator.GenerateAsync(new KoJudge.LlamaCpp.Generation.GenerationRequest(engine.TokenizePrompt(JudgeItems.Chat(0))) { ForcedTokens = reply }, TestContext.Current.CancellationToken);

        Assert.Null(result.ScoreProbabilities);
    }
}
