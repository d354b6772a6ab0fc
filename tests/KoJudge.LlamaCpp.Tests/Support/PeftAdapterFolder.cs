using System.Text.Json;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;

namespace KoJudge.LlamaCpp.Tests.Support;

/// <summary>
/// A PEFT LoRA folder on all seven projections of every layer, as <c>save_pretrained</c> writes it, with the
/// per-module overrides (<c>rank_pattern</c>, <c>alpha_pattern</c>) and <c>use_rslora</c> the reference must honour.
/// </summary>
internal static class PeftAdapterFolder
{
    public static readonly string[] Modules = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"];

    /// <summary>Writes the folder and returns it. Module names in the patterns match by dotted suffix, as PEFT's do.</summary>
    public static string Write(
        HuggingFaceLlamaSpec spec,
        int r,
        double alpha,
        bool rsLora = false,
        IReadOnlyDictionary<string, int>? rankPattern = null,
        IReadOnlyDictionary<string, double>? alphaPattern = null,
        bool zeroB = false,
        int seed = 11)
    {
        var directory = HuggingFaceFolders.New();
        using (var stream = File.Create(Path.Combine(directory, "adapter_config.json")))
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("peft_type", "LORA");
            json.WriteString("task_type", "CAUSAL_LM");
            json.WriteNumber("r", r);
            json.WriteNumber("lora_alpha", alpha);
            json.WriteBoolean("use_rslora", rsLora);
            json.WriteString("bias", "none");
            json.WriteBoolean("fan_in_fan_out", false);
            json.WriteBoolean("use_dora", false);
            json.WriteStartArray("target_modules");
            foreach (var module in Modules)
            {
                json.WriteStringValue(module.Split('.')[1]);
            }
            json.WriteEndArray();
            json.WriteStartObject("rank_pattern");
            foreach (var (key, value) in rankPattern ?? new Dictionary<string, int>())
            {
                json.WriteNumber(key, value);
            }
            json.WriteEndObject();
            json.WriteStartObject("alpha_pattern");
            foreach (var (key, value) in alphaPattern ?? new Dictionary<string, double>())
            {
                json.WriteNumber(key, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        var shapes = HuggingFaceCheckpointWriter.Weights(spec).ToDictionary(w => w.Name, w => w.Shape, StringComparer.Ordinal);
        var random = new Random(seed);
        float[] Values(long count, float scale) => [.. Enumerable.Range(0, (int)count).Select(_ => ((random.NextSingle() * 2) - 1) * scale)];
        var writer = new SafetensorsWriter();
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            foreach (var module in Modules)
            {
                var name = $"model.layers.{layer}.{module}";
                var (outputs, inputs) = (shapes[$"{name}.weight"][0], shapes[$"{name}.weight"][1]);
                var rank = rankPattern?.FirstOrDefault(p => name.EndsWith($".{p.Key}", StringComparison.Ordinal)).Value is > 0 and var pr ? pr : r;
                var a = $"base_model.model.{name}.lora_A.weight";
                var b = $"base_model.model.{name}.lora_B.weight";
                writer.Add(a, SafetensorsDtype.F32, [rank, inputs], Values(rank * inputs, 1f / MathF.Sqrt(inputs)));
                writer.Add(b, SafetensorsDtype.F32, [outputs, rank], zeroB ? new float[outputs * rank] : Values(outputs * rank, 0.5f / rank));
            }
        }
        writer.Write(Path.Combine(directory, "adapter_model.safetensors"));
        return directory;
    }
}
