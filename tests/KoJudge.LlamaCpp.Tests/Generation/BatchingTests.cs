using KoJudge.LlamaCpp.Generation;
using KoJudge.LlamaCpp.Tests.Support;
using LLama.Native;

namespace KoJudge.LlamaCpp.Tests.Generation;

public sealed class BatchingTests
{
    private const int Steps = 64;

    /// <summary>Each prompt's teacher-forced reply: the same 64 tokens of feedback for every sequence.</summary>
    private static LLamaToken[] Reply(LlamaCppEngine engine) =>
        engine.Generator.Tokenize(string.Concat(Enumerable.Repeat("답변이 정확하고 풀이가 명확하다. ", 8)), addBos: false)[..Steps];

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Each_sequence_in_a_batch_of_8_with_a_shared_prefix_matches_itself_decoded_alone(bool? flashAttention)
    {
        var batched = new List<float[]>[8];
        await using (var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 8, flashAttention: flashAttention)))
        {
            var reply = Reply(engine);
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n =>
            {
                batched[n] = [];
                var logits = batched[n];
                return engine.Generator.GenerateAsync(new GenerationRequest(engine.TokenizePrompt(JudgeItems.Chat(n))) { ForcedTokens = reply, OnLogits = logits.Add });
            }));
            // The head shared by the eight prompts was evaluated once and copied: the batch really shared a prefix.
            Assert.All(results.Skip(1), r => Assert.InRange(r.SharedPrefixTokens, 400, r.PromptTokens - 1));
        }

        await using var alone = LlamaCppEngine.Load(Engines.Tiny(parallel: 1, flashAttention: flashAttention) with { PrefixSharing = false });
        var aloneReply = Reply(alone);
        for (var n = 0; n < 8; n++)
        {
            var logits = new List<float[]>();
            await alone.Generator.GenerateAsync(new GenerationRequest(alone.TokenizePrompt(JudgeItems.Chat(n))) { ForcedTokens = aloneReply, OnLogits = logits.Add }, TestContext.Current.CancellationToken);

            Assert.Equal(Steps + 1, logits.Count);
            Assert.Equal(Steps + 1, batched[n].Count);
            for (var step = 0; step <= Steps; step++)
            {
                var largest = logits[step].Zip(batched[n][step], (a, b) => Math.Abs(a - b)).Max();
                Assert.True(largest <= 1e-2, $"sequence {n}, step {step}: largest logit difference {largest}");
            }
        }
    }

    [Fact]
    public async Task More_requests_than_slots_all_finish()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 3));

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(n =>
            engine.Generator.GenerateAsync(new GenerationRequest(engine.TokenizePrompt(JudgeItems.Chat(n))) { MaxTokens = 5 + n, IgnoreEndOfGeneration = true })));

        Assert.Equal(Enumerable.Range(0, 10).Select(n => 5 + n), results.Select(r => r.CompletionTokens));
        Assert.All(results, r => Assert.Equal(GenerationFinish.Length, r.Finish));
    }
}
