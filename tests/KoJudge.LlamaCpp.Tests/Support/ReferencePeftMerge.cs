using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.LlamaCpp.Tests.Support;

/// <summary>
/// Folds a PEFT LoRA adapter into Hugging Face weights as PEFT's own merge does: <c>W + scaling * B @ A</c>, with
/// <c>scaling = lora_alpha / r</c> (<c>/ sqrt(r)</c> under <c>use_rslora</c>) and each module's r and alpha taken from
/// <c>rank_pattern</c> and <c>alpha_pattern</c> where a key matches it.
/// </summary>
/// <remarks>
/// Read from PEFT's <c>tuners/lora/layer.py</c> (<c>update_layer</c>, <c>get_delta_weight</c>) and
/// <c>utils/other.py</c> (<c>get_pattern_key</c>), independently of the converter. Anything PEFT would apply that this
/// merge does not understand (DoRA, biases, extra saved modules, transposed weights) is refused, never skipped.
/// </remarks>
internal static class ReferencePeftMerge
{
    public static void Merge(string peftDirectory, Dictionary<string, double[]> weights, IReadOnlyDictionary<string, IReadOnlyList<long>> shapes)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(peftDirectory, "adapter_config.json")));
        var config = document.RootElement;
        if ((ReferenceLlama.Optional(config, "peft_type")?.GetString() ?? "LORA") != "LORA"
            || (ReferenceLlama.Optional(config, "use_dora")?.GetBoolean() ?? false)
            || (ReferenceLlama.Optional(config, "fan_in_fan_out")?.GetBoolean() ?? false)
            || (ReferenceLlama.Optional(config, "bias")?.GetString() ?? "none") != "none"
            || ReferenceLlama.Optional(config, "modules_to_save") is { ValueKind: JsonValueKind.Array } saved && saved.GetArrayLength() > 0)
        {
            throw new NotSupportedException("The reference merges plain LoRA only: no DoRA, biases, saved modules or fan_in_fan_out.");
        }
        var r = config.GetProperty("r").GetInt32();
        var alpha = ReferenceLlama.Optional(config, "lora_alpha")?.GetDouble() ?? 8;
        var rsLora = ReferenceLlama.Optional(config, "use_rslora")?.GetBoolean() ?? false;
        var rankPattern = Pattern(config, "rank_pattern");
        var alphaPattern = Pattern(config, "alpha_pattern");

        using var adapter = SafetensorsFile.Open(Path.Combine(peftDirectory, "adapter_model.safetensors"));
        // save_pretrained drops the adapter's name from the tensor names; a file that kept it (lora_A.default.weight) is read alike.
        var sides = new Dictionary<(string Module, string Side), SafetensorsTensor>();
        foreach (var tensor in adapter.Tensors)
        {
            var match = Regex.Match(tensor.Name, @"^base_model\.model\.(?<module>.+)\.lora_(?<side>[AB])(\.[^.]+)?\.weight$", RegexOptions.CultureInvariant);
            if (!match.Success)
            {
                throw new NotSupportedException($"The reference does not know what to do with the adapter's tensor '{tensor.Name}'.");
            }
            sides.Add((match.Groups["module"].Value, match.Groups["side"].Value), tensor);
        }
        foreach (var module in sides.Keys.Where(k => k.Side == "A").Select(k => k.Module))
        {
            var (a, b) = (sides[(module, "A")], sides[(module, "B")]);
            var weightName = $"{module}.weight";
            var (outputs, inputs) = (shapes[weightName][0], shapes[weightName][1]);
            var rank = (long)(Matching(rankPattern, module) ?? r);
            if (!a.Shape.SequenceEqual([rank, inputs]) || !b.Shape.SequenceEqual([outputs, rank]))
            {
                throw new InvalidDataException($"{module}: lora_A is [{string.Join(", ", a.Shape)}] and lora_B [{string.Join(", ", b.Shape)}], not [{rank}, {inputs}] and [{outputs}, {rank}].");
            }
            var moduleAlpha = Matching(alphaPattern, module) ?? alpha;
            var scaling = rsLora ? moduleAlpha / Math.Sqrt(rank) : moduleAlpha / rank;
            var (down, up) = (adapter.ReadSingles(a.Name), adapter.ReadSingles(b.Name));
            var weight = weights[weightName];
            for (var o = 0L; o < outputs; o++)
            {
                for (var i = 0L; i < inputs; i++)
                {
                    var sum = 0.0;
                    for (var k = 0L; k < rank; k++)
                    {
                        sum += (double)up[(o * rank) + k] * down[(k * inputs) + i];
                    }
                    weight[(o * inputs) + i] += scaling * sum;
                }
            }
        }
    }

    private static List<(string Key, double Value)> Pattern(JsonElement config, string name) =>
        ReferenceLlama.Optional(config, name) is { } pattern ? [.. pattern.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble()))] : [];

    /// <summary>
    /// get_pattern_key: the first key, in the file's order, that is a regex matching the whole module name or a
    /// dot-separated tail of it (<c>"q_proj"</c> and <c>"layers.1.mlp.down_proj"</c> both match by suffix).
    /// </summary>
    private static double? Matching(List<(string Key, double Value)> pattern, string module)
    {
        foreach (var (key, value) in pattern)
        {
            if (Regex.IsMatch(module, $@"^(.*\.)?({key})$", RegexOptions.CultureInvariant))
            {
                return value;
            }
        }
        return null;
    }
}
