using System.Text.Json;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;
using KoJudge.Gguf.Tests.Safetensors;

namespace KoJudge.Gguf.Tests.TestModels;

public sealed class PeftAdapterWriterTests
{
    [Fact]
    public void Writes_pefts_config_fields_and_a_lora_a_and_non_zero_lora_b_per_layer_and_target()
    {
        var directory = RawSafetensors.NewDirectory();
        var spec = HuggingFaceLlamaSpec.Tiny;

        PeftAdapterWriter.Write(directory, spec, PeftAdapterSpec.Default with { Dtype = SafetensorsDtype.F16, RankPattern = new Dictionary<string, int> { ["up_proj"] = 4 } });

        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "adapter_config.json")));
        var root = config.RootElement;
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal("CAUSAL_LM", root.GetProperty("task_type").GetString());
        Assert.Equal(8, root.GetProperty("r").GetInt32());
        Assert.Equal(16, root.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(PeftAdapterSpec.AllProjections, root.GetProperty("target_modules").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(4, root.GetProperty("rank_pattern").GetProperty("up_proj").GetInt32());
        Assert.False(root.GetProperty("use_dora").GetBoolean());
        Assert.False(root.GetProperty("use_rslora").GetBoolean());
        Assert.Equal("none", root.GetProperty("bias").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modules_to_save").ValueKind);
        Assert.True(root.TryGetProperty("base_model_name_or_path", out _));

        using var weights = SafetensorsFile.Open(Path.Combine(directory, "adapter_model.safetensors"));
        Assert.Equal(spec.Layers * 7 * 2, weights.Tensors.Count);
        var up = weights["base_model.model.model.layers.1.mlp.up_proj.lora_B.weight"];
        Assert.Equal([spec.Intermediate, 4L], up.Shape);
        Assert.Equal(SafetensorsDtype.F16, up.Dtype);
        Assert.Equal([8L, spec.Hidden], weights["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"].Shape);
        Assert.All(weights.Tensors.Where(t => t.Name.Contains("lora_B", StringComparison.Ordinal)),
            b => Assert.True(weights.ReadSingles(b.Name).Count(v => v != 0) > b.ElementCount / 2, $"{b.Name} is mostly zero"));
    }
}
