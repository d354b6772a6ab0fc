using System.Text.Json;
using KoJudge.Gguf.Safetensors;
using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Lora;

public sealed class PeftAdapterWriterTests
{
    [Fact]
    public void The_adapter_holds_exactly_PEFT_names_and_shapes_and_the_LoRA_values()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        manual_seed(4);
        var settings = new LoraSettings(rank: 4, alpha: 8, dropout: 0.05, LoraSettings.AllProjections);
        var attached = model.AttachLora(settings);
        using (no_grad())
        {
            foreach (var (_, module) in attached)
            {
                module.B.copy_(randn(module.B.shape));
            }
        }
        var adapter = Path.Combine(checkpoint.Directory, "adapter");

        PeftAdapterWriter.Write(adapter, attached, settings, baseModel: "tiny-llama");

        using var file = SafetensorsFile.Open(Path.Combine(adapter, PeftAdapterWriter.WeightsFileName));
        PeftFixture.AssertHoldsExactlyItsNamesAndShapes(file);
        Assert.All(file.Tensors, t => Assert.Equal(SafetensorsDtype.F32, t.Dtype));
        Assert.Equal("pt", file.Metadata["format"]);
        foreach (var (name, module) in attached)
        {
            Assert.Equal(module.A.data<float>().ToArray(), file.ReadSingles($"base_model.model.{name}.lora_A.weight"));
            Assert.Equal(module.B.data<float>().ToArray(), file.ReadSingles($"base_model.model.{name}.lora_B.weight"));
        }

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(adapter, PeftAdapterWriter.ConfigFileName)));
        var root = config.RootElement;
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal("CAUSAL_LM", root.GetProperty("task_type").GetString());
        Assert.Equal(PeftFixture.Rank, root.GetProperty("r").GetInt32());
        Assert.Equal(8, root.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.05, root.GetProperty("lora_dropout").GetDouble());
        Assert.Equal(LoraSettings.AllProjections, root.GetProperty("target_modules").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("tiny-llama", root.GetProperty("base_model_name_or_path").GetString());
        Assert.False(root.GetProperty("use_rslora").GetBoolean());
        Assert.False(root.GetProperty("fan_in_fan_out").GetBoolean());
    }
}
