using System.Text.Json;
using KoJudge.Gguf;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;

namespace KoJudge.LlamaCpp.Tests.Support;

/// <summary>
/// A GGUF LoRA adapter written straight from a PEFT folder's tensors, written here rather than by the converter so a
/// test can leave out one step on purpose: with <c>permuteRotaryRows</c> false, q's and k's <c>lora_B</c> keep Hugging
/// Face's rotate-half row order, the mistake a converter must not make.
/// </summary>
internal static class UnconvertedLoraGguf
{
    private static readonly string[] Modules = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"];

    public static string Write(string peftDirectory, HuggingFaceLlamaSpec spec, bool permuteRotaryRows)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(peftDirectory, "adapter_config.json")));
        var config = document.RootElement;
        if (config.GetProperty("use_rslora").GetBoolean() || config.GetProperty("rank_pattern").EnumerateObject().Any() || config.GetProperty("alpha_pattern").EnumerateObject().Any())
        {
            throw new NotSupportedException("One alpha over one rank only: llama.cpp's scale is alpha / rank, per tensor.");
        }
        var path = Path.Combine(HuggingFaceFolders.New(), "adapter.gguf");
        using var adapter = SafetensorsFile.Open(Path.Combine(peftDirectory, "adapter_model.safetensors"));
        var gguf = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.type", "adapter")
            .Add("adapter.type", "lora")
            .Add("adapter.lora.alpha", config.GetProperty("lora_alpha").GetSingle());
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            foreach (var module in Modules)
            {
                var source = $"base_model.model.model.layers.{layer}.{module}";
                // The converter's name map serves here too: a wrong name cannot pass silently, llama.cpp refuses an adapter
                // tensor with no base tensor of that name.
                var target = $"blk.{layer}.{KoJudge.Gguf.Conversion.LlamaTensorNames.Projections[module.Split('.')[1]]}.weight";
                var (a, b) = (adapter[$"{source}.lora_A.weight"], adapter[$"{source}.lora_B.weight"]);
                var (rank, inputs, outputs) = (a.Shape[0], a.Shape[1], b.Shape[0]);
                gguf.AddTensor($"{target}.lora_a", [inputs, rank], adapter.ReadSingles(a.Name));
                var up = adapter.ReadSingles(b.Name);
                var rotaryHeads = module switch
                {
                    "self_attn.q_proj" => spec.Heads,
                    "self_attn.k_proj" => spec.KvHeads,
                    _ => 0,
                };
                if (permuteRotaryRows && rotaryHeads > 0)
                {
                    up = InterleaveHalves(up, rotaryHeads, (int)outputs, (int)rank);
                }
                gguf.AddTensor($"{target}.lora_b", [rank, outputs], up);
            }
        }
        gguf.Write(path);
        return path;
    }

    /// <summary>
    /// llama.cpp's converter's <c>permute</c>: each head's rows viewed as [2, half] and swapped to [half, 2], so
    /// row <c>2j + s</c> of a head is Hugging Face's row <c>s * half + j</c>.
    /// </summary>
    private static float[] InterleaveHalves(float[] rows, int heads, int count, int width)
    {
        var half = count / heads / 2;
        var result = new float[rows.Length];
        for (var h = 0; h < heads; h++)
        {
            for (var j = 0; j < half; j++)
            {
                for (var s = 0; s < 2; s++)
                {
                    var (to, from) = ((h * 2 * half) + (2 * j) + s, (h * 2 * half) + (s * half) + j);
                    rows.AsSpan(from * width, width).CopyTo(result.AsSpan(to * width));
                }
            }
        }
        return result;
    }
}
