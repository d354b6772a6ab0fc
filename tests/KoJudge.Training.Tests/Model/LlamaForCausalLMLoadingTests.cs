using System.Text.Json.Nodes;
using KoJudge.Gguf.TestModels;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;

namespace KoJudge.Training.Tests.Model;

public sealed class LlamaForCausalLMLoadingTests
{
    [Fact]
    public void Parameters_are_named_exactly_as_the_checkpoint_names_its_tensors_and_all_frozen()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);

        var parameters = model.named_parameters().ToList();
        var written = HuggingFaceCheckpointWriter.Weights(TinyCheckpoint.Spec).Select(w => w.Name).Order(StringComparer.Ordinal);
        Assert.Equal(written, parameters.Select(p => p.name).Order(StringComparer.Ordinal));
        Assert.Contains("model.layers.1.self_attn.k_proj.weight", parameters.Select(p => p.name));
        Assert.All(parameters, p => Assert.False(p.parameter.requires_grad, $"{p.name} is not frozen"));
    }

    [Fact]
    public void A_config_asking_for_a_layer_the_checkpoint_lacks_is_refused_naming_the_missing_weight()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var configPath = Path.Combine(checkpoint.Directory, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["num_hidden_layers"] = TinyCheckpoint.Spec.Layers + 1;
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<InvalidDataException>(() => LlamaForCausalLM.Load(checkpoint.Directory));
        Assert.Contains($"model.layers.{TinyCheckpoint.Spec.Layers}.", error.Message, StringComparison.Ordinal);
    }
}
