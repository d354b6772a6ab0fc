using KoJudge.Gguf;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;
using KoJudge.LlamaCpp.Tests.Support;

namespace KoJudge.LlamaCpp.Tests.Conversion;

/// <summary>
/// The converters judged by their output: llama.cpp's logits on a converted GGUF against the reference forward pass on
/// the Hugging Face folder it came from, for every position of a 20-token sequence, within 1e-3.
/// </summary>
public sealed class ConvertedLogitsTests
{
    private const double Tolerance = 1e-3;

    private static readonly int[] Tokens = [1, 17, 299, 4, 127, 64, 3, 3, 280, 12, 45, 100, 7, 0, 31, 218, 55, 2, 90, 26];

    private static readonly HuggingFaceLlamaSpec Spec = HuggingFaceLlamaSpec.Tiny;

    private static readonly LlamaAttentionShape Shape = new(Spec.Layers, Spec.Heads, Spec.KvHeads, Spec.HeadDimension, Spec.Hidden, Spec.Intermediate);

    private static double LargestDifference(double[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, row => Assert.Equal(Spec.Vocab, row.Length));
        return expected.Zip(actual, (x, y) => x.Zip(y, (u, v) => Math.Abs(u - v)).Max()).Max();
    }

    private static string ConvertModel(string huggingFace, GgufTensorType type)
    {
        var path = Path.Combine(HuggingFaceFolders.New(), "model.gguf");
        HuggingFaceLlamaConverter.Convert(huggingFace, path, type);
        return path;
    }

    private static string WritePeft(PeftAdapterSpec adapter)
    {
        var directory = HuggingFaceFolders.New();
        PeftAdapterWriter.Write(directory, Spec, adapter);
        return directory;
    }

    private static string ConvertLora(string peft)
    {
        var path = Path.Combine(HuggingFaceFolders.New(), "adapter.gguf");
        PeftLoraConverter.Convert(peft, Shape, path);
        return path;
    }

    [Theory]
    [InlineData(SafetensorsDtype.F32, false, 1, true)]
    [InlineData(SafetensorsDtype.BF16, false, 1, true)]
    [InlineData(SafetensorsDtype.F16, false, 1, true)]
    [InlineData(SafetensorsDtype.F32, true, 1, true)]
    [InlineData(SafetensorsDtype.F32, false, 3, true)]
    [InlineData(SafetensorsDtype.F32, false, 1, false)]
    public void A_converted_F32_model_gives_the_reference_logits_at_every_position(SafetensorsDtype checkpoint, bool tied, int shards, bool ropeScaling)
    {
        // The reference reads the checkpoint's own rounded weights, so an F32 GGUF of them must agree as closely as F32 does.
        // F16 and BF16 GGUFs are not held to 1e-3: llama.cpp then rounds the activations too (measured 5.8e-4 for F16
        // and 4.3e-3 for BF16 here), which is its arithmetic, not the converter's.
        var spec = Spec with { Dtype = checkpoint, TieWordEmbeddings = tied, RopeScaling = ropeScaling ? Spec.RopeScaling : null };
        var huggingFace = HuggingFaceFolders.New();
        HuggingFaceCheckpointWriter.Write(huggingFace, spec, shards);

        var largest = LargestDifference(ReferenceLlama.Load(huggingFace).Logits(Tokens), LlamaCppLogits.Decode(ConvertModel(huggingFace, GgufTensorType.F32), Tokens));

        TestContext.Current.TestOutputHelper?.WriteLine($"{checkpoint}, tied {tied}, {shards} shards, rope scaling {ropeScaling}: largest logit difference {largest:g3}");
        Assert.True(largest <= Tolerance, $"largest logit difference {largest}");
    }

    [Theory]
    [InlineData("rank 8, alpha 16")]
    [InlineData("rsLoRA, per-module ranks and alphas")]
    [InlineData("BF16, adapter name kept in tensor names")]
    public void A_converted_adapter_on_the_converted_model_gives_the_reference_logits_with_the_adapter_merged(string variant)
    {
        var adapter = variant switch
        {
            "rank 8, alpha 16" => PeftAdapterSpec.Default,
            "rsLoRA, per-module ranks and alphas" => new PeftAdapterSpec(Rank: 4, Alpha: 8, UseRslora: true,
                RankPattern: new Dictionary<string, int> { ["q_proj"] = 2, ["layers.1.mlp.down_proj"] = 6 },
                AlphaPattern: new Dictionary<string, double> { ["k_proj"] = 3, ["layers.0.mlp.up_proj"] = 20 }),
            _ => PeftAdapterSpec.Default with { Dtype = SafetensorsDtype.BF16, AdapterName = "default" },
        };
        var huggingFace = HuggingFaceFolders.Generate(Spec);
        var peft = WritePeft(adapter);
        var model = ConvertModel(huggingFace, GgufTensorType.F32);

        var expected = ReferenceLlama.Load(huggingFace, peft).Logits(Tokens);
        var largest = LargestDifference(expected, LlamaCppLogits.Decode(model, Tokens, ConvertLora(peft), loraScale: 1f));

        // The adapter must matter, or agreeing with the merged reference proves nothing about it.
        var moved = LargestDifference(expected, LlamaCppLogits.Decode(model, Tokens));
        TestContext.Current.TestOutputHelper?.WriteLine($"{variant}: largest logit difference {largest:g3}; the adapter moves logits by up to {moved:g3}");
        Assert.True(moved > 100 * Tolerance, $"the adapter moves no logit by more than {moved}");
        Assert.True(largest <= Tolerance, $"largest logit difference {largest}");
    }

    [Fact]
    public void An_adapter_whose_q_and_k_lora_B_rows_keep_Hugging_Faces_order_is_caught()
    {
        var huggingFace = HuggingFaceFolders.Generate(Spec);
        var peft = HuggingFaceFolders.New();
        PeftAdapterWriter.Write(peft, Spec, PeftAdapterSpec.Default);
        var model = ConvertModel(huggingFace, GgufTensorType.F32);
        var expected = ReferenceLlama.Load(huggingFace, peft).Logits(Tokens);

        var permuted = LargestDifference(expected, LlamaCppLogits.Decode(model, Tokens, UnconvertedLoraGguf.Write(peft, Spec, permuteRotaryRows: true)));
        var unpermuted = LargestDifference(expected, LlamaCppLogits.Decode(model, Tokens, UnconvertedLoraGguf.Write(peft, Spec, permuteRotaryRows: false)));

        // Written the same way but for the permutation, the adapter agrees: the permutation alone is what is caught.
        TestContext.Current.TestOutputHelper?.WriteLine($"permuted {permuted:g3}, unpermuted {unpermuted:g3}");
        Assert.True(permuted <= Tolerance, $"with the permutation: largest logit difference {permuted}");
        Assert.True(unpermuted > 50 * Tolerance, $"without the permutation: largest logit difference only {unpermuted}");
    }
}
