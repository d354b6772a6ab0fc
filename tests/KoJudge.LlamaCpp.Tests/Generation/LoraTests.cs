using KoJudge.LlamaCpp.Generation;
using KoJudge.LlamaCpp.Tests.Support;

namespace KoJudge.LlamaCpp.Tests.Generation;

public sealed class LoraTests
{
    /// <summary>The logits at each step of a fixed judge reply forced after a fixed prompt.</summary>
    internal static async Task<List<float[]>> ForcedLogitsAsync(LlamaCppEngineOptions options)
    {
        await using var engine = LlamaCppEngine.Load(options);
        var prompt = engine.TokenizePrompt(JudgeItems.Chat(0));
        var reply = engine.Generator.Tokenize("Feedback: 정확합니다. [RESULT] 4", addBos: false);
        var logits = new List<float[]>();
        await engine.Generator.GenerateAsync(new GenerationRequest(prompt) { ForcedTokens = reply, OnLogits = logits.Add });
        Assert.Equal(reply.Length + 1, logits.Count);
        return logits;
    }

    [Fact]
    public async Task The_adapter_changes_the_logits_and_scale_0_leaves_them_bit_identical()
    {
        var without = await ForcedLogitsAsync(Engines.Tiny());
        var scaleZero = await ForcedLogitsAsync(Engines.Tiny(withLora: true, loraScale: 0f));
        var scaleOne = await ForcedLogitsAsync(Engines.Tiny(withLora: true, loraScale: 1f));

        for (var step = 0; step < without.Count; step++)
        {
            Assert.Equal(without[step], scaleZero[step]);
        }
        var largest = without.Zip(scaleOne, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        Assert.True(largest > 1e-2, $"the adapter moved no logit by more than {largest}");
    }

    [Fact]
    public void Parses_adapter_and_scale()
    {
        Assert.Equal(new LoraAdapterSpec("a.gguf", 1f), LoraAdapterSpec.Parse("a.gguf"));
        Assert.Equal(new LoraAdapterSpec("dir/a.gguf", 0.5f), LoraAdapterSpec.Parse("dir/a.gguf:0.5"));
        Assert.Equal(new LoraAdapterSpec("c:/x.gguf", 2f), LoraAdapterSpec.Parse("c:/x.gguf:2"));
    }

    [Fact]
    public void A_missing_adapter_is_named()
    {
        var options = Engines.Tiny() with { Loras = [new LoraAdapterSpec("/nonexistent/adapter.gguf")] };

        var error = Assert.Throws<FileNotFoundException>(() => LlamaCppEngine.Load(options));

        Assert.Contains("/nonexistent/adapter.gguf", error.Message, StringComparison.Ordinal);
    }
}
