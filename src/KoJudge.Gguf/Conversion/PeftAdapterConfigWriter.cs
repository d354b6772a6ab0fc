using System.Text.Json;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// Writes a PEFT LoRA adapter's <c>adapter_config.json</c>, the file <see cref="PeftAdapterConfig"/> reads: the one
/// writer of it, for trained adapters and generated ones alike.
/// </summary>
/// <remarks>
/// It writes the fields of PEFT's <c>LoraConfig</c> a loader reads (PEFT's <c>from_pretrained</c>, vLLM's
/// <c>--lora-modules</c>), with the values that say "plain LoRA": no bias, no DoRA, weights not transposed
/// (<c>fan_in_fan_out</c> false: Llama's are <c>[out, in]</c>), nothing saved whole.
/// </remarks>
public static class PeftAdapterConfigWriter
{
    /// <param name="rankPattern">Per-module ranks keyed as PEFT keys them (a module name or a dotted tail of one), or null.</param>
    /// <param name="alphaPattern">Per-module alphas, keyed alike, or null.</param>
    /// <param name="useRslora">rsLoRA, whose scale is alpha / √r rather than alpha / r.</param>
    public static void Write(
        string path,
        int rank,
        double alpha,
        double dropout,
        IEnumerable<string> targets,
        string? baseModel,
        IReadOnlyDictionary<string, int>? rankPattern = null,
        IReadOnlyDictionary<string, double>? alphaPattern = null,
        bool useRslora = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(targets);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("peft_type", "LORA");
        json.WriteString("task_type", "CAUSAL_LM");
        if (baseModel is null)
        {
            json.WriteNull("base_model_name_or_path");
        }
        else
        {
            json.WriteString("base_model_name_or_path", baseModel);
        }
        json.WriteNumber("r", rank);
        json.WriteNumber("lora_alpha", alpha);
        json.WriteNumber("lora_dropout", dropout);
        json.WriteStartArray("target_modules");
        foreach (var target in targets)
        {
            json.WriteStringValue(target);
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
        json.WriteBoolean("use_rslora", useRslora);
        json.WriteBoolean("use_dora", false);
        json.WriteString("bias", "none");
        json.WriteBoolean("fan_in_fan_out", false);
        json.WriteBoolean("inference_mode", true);
        json.WriteBoolean("init_lora_weights", true);
        json.WriteNull("modules_to_save");
        json.WriteNull("layers_to_transform");
        json.WriteNull("layers_pattern");
        json.WriteEndObject();
    }
}
