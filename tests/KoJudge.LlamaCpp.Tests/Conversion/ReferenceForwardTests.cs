using System.Text.Json;
using System.Text.Json.Nodes;
using KoJudge.Gguf.TestModels;
using KoJudge.LlamaCpp.Tests.Support;

namespace KoJudge.LlamaCpp.Tests.Conversion;

/// <summary>
/// The reference forward pass checked on its own, before it judges any converter: each property here is one a wrong
/// reading of Hugging Face's Llama would break.
/// </summary>
public sealed class ReferenceForwardTests
{
    private static readonly int[] Tokens = [1, 17, 299, 4, 127, 64, 3, 3, 280, 12, 45, 100, 7, 0, 31, 218, 55, 2, 90, 26];

    private static string WriteAdapter(HuggingFaceLlamaSpec spec, PeftAdapterSpec adapter)
    {
        var directory = HuggingFaceFolders.New();
        PeftAdapterWriter.Write(directory, spec, adapter);
        return directory;
    }

    private static double LargestDifference(double[][] a, double[][] b) =>
        a.Zip(b, (x, y) => x.Zip(y, (u, v) => Math.Abs(u - v)).Max()).Max();

    /// <summary>A copy of the Tiny checkpoint as plain multi-head attention, query head h given KV head <paramref name="kvHeadOf"/>(h).</summary>
    private static string AsMultiHead(string gqa, Func<int, int> kvHeadOf)
    {
        var spec = HuggingFaceLlamaSpec.Tiny;
        var d = spec.HeadDimension;
        return HuggingFaceFolders.Rewrite(gqa, config => config["num_key_value_heads"] = spec.Heads, (name, shape, values) =>
        {
            if (!name.EndsWith(".k_proj.weight", StringComparison.Ordinal) && !name.EndsWith(".v_proj.weight", StringComparison.Ordinal))
            {
                return ([.. shape], values);
            }
            var rowLength = (int)shape[1];
            var repeated = new float[spec.Heads * d * rowLength];
            for (var h = 0; h < spec.Heads; h++)
            {
                values.AsSpan(kvHeadOf(h) * d * rowLength, d * rowLength).CopyTo(repeated.AsSpan(h * d * rowLength));
            }
            return ([spec.Heads * d, rowLength], repeated);
        });
    }

    [Fact]
    public void A_GQA_checkpoint_equals_itself_with_each_KV_head_copied_to_the_query_heads_it_serves()
    {
        var spec = HuggingFaceLlamaSpec.Tiny;
        Assert.True(spec.KvHeads < spec.Heads);
        var gqa = HuggingFaceFolders.Generate(spec);
        var group = spec.Heads / spec.KvHeads;

        var expected = ReferenceLlama.Load(gqa).Logits(Tokens);
        var grouped = ReferenceLlama.Load(AsMultiHead(gqa, h => h / group)).Logits(Tokens);
        // Heads assigned round-robin instead (h % kv_heads) is a different model: the check can tell them apart.
        var roundRobin = ReferenceLlama.Load(AsMultiHead(gqa, h => h % spec.KvHeads)).Logits(Tokens);

        Assert.True(LargestDifference(expected, grouped) < 1e-12, $"differs by {LargestDifference(expected, grouped)}");
        Assert.True(LargestDifference(expected, roundRobin) > 1e-2, $"round-robin differs by only {LargestDifference(expected, roundRobin)}");
    }

    [Fact]
    public void Tied_embeddings_read_the_output_through_the_embedding_matrix()
    {
        var untied = HuggingFaceFolders.Generate(HuggingFaceLlamaSpec.Tiny);
        float[] embedding;
        using (var checkpoint = KoJudge.Gguf.Safetensors.SafetensorsCheckpoint.Open(untied))
        {
            embedding = checkpoint.ReadSingles("model.embed_tokens.weight");
        }
        var copied = HuggingFaceFolders.Rewrite(untied, _ => { }, (name, shape, values) => ([.. shape], name == "lm_head.weight" ? embedding : values));

        var tied = ReferenceLlama.Load(HuggingFaceFolders.Generate(HuggingFaceLlamaSpec.Tiny with { TieWordEmbeddings = true })).Logits(Tokens);

        Assert.Equal(ReferenceLlama.Load(copied).Logits(Tokens), tied);
        Assert.True(LargestDifference(ReferenceLlama.Load(untied).Logits(Tokens), tied) > 1e-1);
    }

    [Fact]
    public void Llama3_inverse_frequencies_fall_into_the_three_wavelength_bands_of_the_original_context_inside_rope_scaling()
    {
        var directory = HuggingFaceFolders.Generate(HuggingFaceLlamaSpec.Tiny);
        // A top-level original_max_position_embeddings, as llama.cpp's Python converter reads it, must change nothing.
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!.AsObject();
        config["original_max_position_embeddings"] = 8192;
        using var document = JsonDocument.Parse(config.ToJsonString());

        var frequencies = ReferenceLlama.RopeInverseFrequencies(document.RootElement);

        // head_dim 16, theta 500000, factor 8, low 1, high 4, original context 256: wavelengths below 256 / 4 = 64 keep
        // their frequency, those above 256 / 1 are slowed 8 times, and those between are blended.
        Assert.Equal(8, frequencies.Length);
        double Unscaled(int i) => Math.Pow(500000, -i / 8.0);
        double Wavelength(int i) => 2 * Math.PI / Unscaled(i);
        Assert.InRange(Wavelength(1), 0, 64);
        Assert.InRange(Wavelength(2), 64, 256);
        Assert.InRange(Wavelength(3), 256, double.MaxValue);
        Assert.Equal(1.0, frequencies[0], 1e-15);
        Assert.Equal(Unscaled(1), frequencies[1], 1e-15);
        var smooth = ((256 / Wavelength(2)) - 1) / (4 - 1);
        Assert.Equal((smooth * Unscaled(2)) + ((1 - smooth) * Unscaled(2) / 8), frequencies[2], 1e-15);
        Assert.Equal(Unscaled(3) / 8, frequencies[3], 1e-15);
        Assert.Equal(Unscaled(7) / 8, frequencies[7], 1e-18);
    }

    [Fact]
    public void Without_rope_scaling_the_inverse_frequencies_are_the_base_to_the_minus_2i_over_the_head_dimension()
    {
        using var document = JsonDocument.Parse("""{"hidden_size": 64, "num_attention_heads": 4, "rope_theta": 10000, "rope_scaling": null}""");

        var frequencies = ReferenceLlama.RopeInverseFrequencies(document.RootElement);

        Assert.Equal([1, 0.31622776601683794, 0.1, 0.031622776601683794, 0.01, 0.0031622776601683794, 0.001, 0.00031622776601683794], frequencies, (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void An_adapter_whose_lora_B_is_zero_leaves_the_logits_unchanged_and_a_nonzero_one_moves_them()
    {
        var spec = HuggingFaceLlamaSpec.Tiny;
        var model = HuggingFaceFolders.Generate(spec);
        var without = ReferenceLlama.Load(model).Logits(Tokens);

        var zero = ReferenceLlama.Load(model, WriteAdapter(spec, PeftAdapterSpec.Default with { Rank = 4, BScale = 0 })).Logits(Tokens);
        var nonzero = ReferenceLlama.Load(model, WriteAdapter(spec, PeftAdapterSpec.Default with { Rank = 4 })).Logits(Tokens);

        Assert.Equal(without, zero);
        Assert.True(LargestDifference(without, nonzero) > 1e-1, $"the adapter moved no logit by more than {LargestDifference(without, nonzero)}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_merged_adapter_equals_the_checkpoint_with_B_A_times_each_modules_own_scale_added_to_its_weights(bool rsLora)
    {
        var spec = HuggingFaceLlamaSpec.Tiny;
        var model = HuggingFaceFolders.Generate(spec);
        // q_proj everywhere has rank 2, and layer 1's down_proj alpha 3; the rest rank 4 and alpha 16.
        var adapter = WriteAdapter(spec, PeftAdapterSpec.Default with
        {
            Rank = 4,
            UseRslora = rsLora,
            RankPattern = new Dictionary<string, int> { ["q_proj"] = 2 },
            AlphaPattern = new Dictionary<string, double> { ["layers.1.mlp.down_proj"] = 3 },
        });
        double Scale(string module) => (module.EndsWith(".q_proj", StringComparison.Ordinal), module == "model.layers.1.mlp.down_proj", rsLora) switch
        {
            (true, _, false) => 16 / 2.0,
            (true, _, true) => 16 / Math.Sqrt(2),
            (_, true, false) => 3 / 4.0,
            (_, true, true) => 3 / 2.0,
            (_, _, false) => 16 / 4.0,
            (_, _, true) => 16 / 2.0,
        };
        using var lora = KoJudge.Gguf.Safetensors.SafetensorsFile.Open(Path.Combine(adapter, "adapter_model.safetensors"));
        var merged = HuggingFaceFolders.Rewrite(model, _ => { }, (name, shape, values) =>
        {
            var module = name[..^".weight".Length];
            var a = $"base_model.model.{module}.lora_A.weight";
            if (!lora.Contains(a))
            {
                return ([.. shape], values);
            }
            var (down, up) = (lora.ReadSingles(a), lora.ReadSingles($"base_model.model.{module}.lora_B.weight"));
            var (outputs, inputs, rank) = ((int)shape[0], (int)shape[1], (int)lora[a].Shape[0]);
            var sum = new float[values.Length];
            for (var o = 0; o < outputs; o++)
            {
                for (var i = 0; i < inputs; i++)
                {
                    var delta = Enumerable.Range(0, rank).Sum(k => (double)up[(o * rank) + k] * down[(k * inputs) + i]);
                    sum[(o * inputs) + i] = (float)(values[(o * inputs) + i] + (Scale(module) * delta));
                }
            }
            return ([.. shape], sum);
        });

        var expected = ReferenceLlama.Load(merged).Logits(Tokens);
        var actual = ReferenceLlama.Load(model, adapter).Logits(Tokens);

        // The merged checkpoint holds the sums rounded to F32, the reference keeps them in double.
        Assert.True(LargestDifference(expected, actual) < 1e-5, $"differs by {LargestDifference(expected, actual)}");
    }
}
