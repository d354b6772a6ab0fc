using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.TestModels;

/// <summary>
/// Writes a deterministic random PEFT LoRA adapter folder for a Hugging Face Llama checkpoint of
/// <see cref="HuggingFaceLlamaSpec"/>'s shape: <c>adapter_config.json</c> and <c>adapter_model.safetensors</c> under
/// PEFT's names (<c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>, A <c>(rank, in)</c>, B
/// <c>(out, rank)</c>). It is the LoRA converter's test input where no trained adapter can be had.
/// </summary>
public static class PeftAdapterWriter
{
    public const string ConfigFileName = PeftAdapterConfig.FileName;
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>Writes the adapter into <paramref name="directory"/>.</summary>
    public static void Write(string directory, HuggingFaceLlamaSpec baseSpec, PeftAdapterSpec adapter)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentNullException.ThrowIfNull(adapter);
        Directory.CreateDirectory(directory);
        PeftAdapterConfigWriter.Write(
            Path.Combine(directory, ConfigFileName), adapter.Rank, adapter.Alpha, dropout: 0.05, adapter.Targets, "kojudge/random-llama", adapter.RankPattern, adapter.AlphaPattern, adapter.UseRslora);
        var writer = new SafetensorsWriter();
        foreach (var (name, shape, values) in Tensors(baseSpec, adapter))
        {
            writer.Add(name, adapter.Dtype, shape, values);
        }
        writer.Write(Path.Combine(directory, WeightsFileName));
    }

    /// <summary>
    /// Every tensor under its PEFT name, shape outermost first, layer by layer; values are made when asked for. A is
    /// random at 1/√in; B, which PEFT starts at zero, is random at <see cref="PeftAdapterSpec.BScale"/>/√rank (0.5 by
    /// default) so the adapter visibly moves the logits.
    /// </summary>
    public static IReadOnlyList<(string Name, long[] Shape, Func<float[]> Values)> Tensors(HuggingFaceLlamaSpec baseSpec, PeftAdapterSpec adapter)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentNullException.ThrowIfNull(adapter);
        var hidden = baseSpec.Hidden;
        var queries = baseSpec.Heads * baseSpec.HeadDimension;
        var keys = baseSpec.KvHeads * baseSpec.HeadDimension;
        var sizes = new Dictionary<string, (string Parent, int In, int Out)>(StringComparer.Ordinal)
        {
            ["q_proj"] = ("self_attn", hidden, queries),
            ["k_proj"] = ("self_attn", hidden, keys),
            ["v_proj"] = ("self_attn", hidden, keys),
            ["o_proj"] = ("self_attn", queries, hidden),
            ["gate_proj"] = ("mlp", hidden, baseSpec.Intermediate),
            ["up_proj"] = ("mlp", hidden, baseSpec.Intermediate),
            ["down_proj"] = ("mlp", baseSpec.Intermediate, hidden),
        };
        var suffix = adapter.AdapterName is { } name ? $".{name}" : "";
        var tensors = new List<(string, long[], Func<float[]>)>();
        for (var layer = 0; layer < baseSpec.Layers; layer++)
        {
            foreach (var target in adapter.Targets)
            {
                var (parent, inputs, outputs) = sizes[target];
                var module = $"model.layers.{layer}.{parent}.{target}";
                var rank = RankOf(adapter, module);
                var a = $"base_model.model.{module}.lora_A{suffix}.weight";
                var b = $"base_model.model.{module}.lora_B{suffix}.weight";
                // Values keyed by module, not by stored name, so an adapter name in the names leaves the values alone.
                tensors.Add((a, [rank, inputs], () => TestModelWriter.Random(adapter.Seed, $"{module}.lora_A", (long)rank * inputs, 1f / MathF.Sqrt(inputs))));
                tensors.Add((b, [outputs, rank], () => adapter.BScale == 0
                    ? new float[(long)outputs * rank]
                    : TestModelWriter.Random(adapter.Seed, $"{module}.lora_B", (long)outputs * rank, adapter.BScale / MathF.Sqrt(rank))));
            }
        }
        return tensors;
    }

    // The generator keys its patterns by dotted tails only, a plain subset of what PEFT's regular expressions allow.
    private static int RankOf(PeftAdapterSpec adapter, string module) =>
        adapter.RankPattern?.FirstOrDefault(p => module == p.Key || module.EndsWith("." + p.Key, StringComparison.Ordinal)) is { Key: not null } match
            ? match.Value
            : adapter.Rank;
}
