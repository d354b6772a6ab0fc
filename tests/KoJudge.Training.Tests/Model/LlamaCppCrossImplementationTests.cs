using KoJudge.Gguf;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.LlamaCpp.Tests.Support;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Model;

/// <summary>
/// Issue 14's cross-implementation check: the TorchSharp Llama and llama.cpp, given the same generated checkpoint (the
/// one as safetensors, the other converted to an F32 GGUF by KoJudge's own converter), give the same logits.
/// </summary>
public sealed class LlamaCppCrossImplementationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, SafetensorsDtype.F32)]
    // Tied: no lm_head.weight, the embeddings project the output (llama.cpp ties a GGUF without output.weight).
    [InlineData(true, SafetensorsDtype.F32)]
    // BF16 weights, widened to F32 by both readers alike.
    [InlineData(false, SafetensorsDtype.BF16)]
    public void TorchSharp_logits_equal_llama_cpp_logits_on_the_same_checkpoint_within_1e_3(bool tied, SafetensorsDtype dtype)
    {
        using var checkpoint = TinyCheckpoint.Create(TinyCheckpoint.Spec with { TieWordEmbeddings = tied, Dtype = dtype });
        var gguf = Path.Combine(checkpoint.Directory, "model-f32.gguf");
        HuggingFaceLlamaConverter.Convert(checkpoint.Directory, gguf, GgufTensorType.F32);
        var tokens = TinyCheckpoint.Tokens(20);

        var expected = LlamaCppLogits.Decode(gguf, [.. tokens.Select(t => (int)t)]);
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        model.eval();
        float[] actual;
        using (no_grad())
        using (var logits = model.call(tensor(tokens).unsqueeze(0)))
        {
            Assert.Equal([1L, tokens.Length, TinyCheckpoint.Spec.Vocab], logits.shape);
            actual = logits.data<float>().ToArray();
        }

        var vocab = TinyCheckpoint.Spec.Vocab;
        var (difference, spread) = (0.0, 0.0);
        for (var position = 0; position < tokens.Length; position++)
        {
            Assert.Equal(vocab, expected[position].Length);
            for (var id = 0; id < vocab; id++)
            {
                var reference = expected[position][id];
                difference = Math.Max(difference, Math.Abs(actual[(position * vocab) + id] - reference));
                // How far apart the positions' logits are: a model that ignored the context would show none.
                spread = Math.Max(spread, Math.Abs(reference - expected[0][id]));
            }
        }
        output.WriteLine($"{(tied ? "tied" : "untied")} {dtype}: max |TorchSharp - llama.cpp| over {tokens.Length} positions x {vocab} logits: {difference:E2} (logits move by up to {spread:F3} across positions)");
        Assert.True(spread > 0.1, $"llama.cpp's logits barely change across positions ({spread}); the comparison would prove little.");
        Assert.True(difference <= 1e-3, $"The largest logit difference is {difference}, above 1e-3.");
    }
}
