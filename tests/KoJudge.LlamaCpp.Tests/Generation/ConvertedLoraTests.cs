using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.TestModels;
using KoJudge.LlamaCpp.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.LlamaCpp.Tests.Generation;

/// <summary>A PEFT adapter converted by <see cref="PeftLoraConverter"/> loads in llama.cpp over its base and changes what it says.</summary>
public sealed class ConvertedLoraTests
{
    // The Hugging Face twin of the tiny GGUF model's shape: 2 layers, hidden 64, feed-forward 128, 4 heads over 2 KV heads.
    private static readonly HuggingFaceLlamaSpec TinyTwin = HuggingFaceLlamaSpec.Tiny with { Intermediate = TestModelSpec.Tiny.FeedForward };

    [Fact]
    public void The_shape_of_a_gguf_model_is_read_from_its_metadata()
    {
        var shape = GgufModelShape.Read(GeneratedModels.Tiny().Model);

        var spec = TestModelSpec.Tiny;
        Assert.Equal(new GgufModelShape("llama", spec.Layers, spec.Heads, spec.KvHeads, spec.HeadDimension, spec.Embedding, spec.FeedForward), shape);
    }

    [Fact]
    public void A_file_llama_cpp_cannot_read_is_bad_data_not_a_crash()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-shape-").FullName, "not-a-model.gguf");
        File.WriteAllText(path, "not a model");

        Assert.Throws<InvalidDataException>(() => GgufModelShape.Read(path));
    }

    [Fact]
    public async Task The_converted_adapter_loads_over_the_base_and_moves_the_logits()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-peft-").FullName;
        PeftAdapterWriter.Write(directory, TinyTwin, PeftAdapterSpec.Default with { AlphaPattern = new Dictionary<string, double> { ["down_proj"] = 8 } });
        var model = GeneratedModels.Tiny().Model;
        var shape = GgufModelShape.Read(model);
        var adapter = Path.Combine(directory, "adapter.gguf");

        var summary = PeftLoraConverter.Convert(directory, new LlamaAttentionShape(shape.Layers, shape.Heads, shape.KvHeads, shape.HeadDimension, shape.Embedding, shape.FeedForward), adapter);

        Assert.Equal(28, summary.Tensors);
        var without = await LoraTests.ForcedLogitsAsync(Engines.Tiny());
        var with = await LoraTests.ForcedLogitsAsync(Engines.Tiny() with { Loras = [new LoraAdapterSpec(adapter)] });
        var largest = without.Zip(with, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        Assert.True(largest > 1e-2, $"the converted adapter moved no logit by more than {largest}");
        Assert.All(with, step => Assert.All(step, value => Assert.True(float.IsFinite(value))));
    }

    [Fact]
    public async Task Over_a_base_converted_from_the_same_hugging_face_checkpoint_the_adapter_loads_and_moves_the_logits()
    {
        var root = Directory.CreateTempSubdirectory("kojudge-peft-").FullName;
        var huggingFace = Path.Combine(root, "hf");
        var peft = Path.Combine(root, "peft");
        HuggingFaceCheckpointWriter.Write(huggingFace, HuggingFaceLlamaSpec.Tiny);
        PeftAdapterWriter.Write(peft, HuggingFaceLlamaSpec.Tiny, PeftAdapterSpec.Default with { UseRslora = true });
        var model = Path.Combine(root, "base.gguf");
        var adapter = Path.Combine(root, "adapter.gguf");
        HuggingFaceLlamaConverter.Convert(huggingFace, model, KoJudge.Gguf.GgufTensorType.F32);

        PeftLoraConverter.Convert(peft, LlamaConfig.Read(Path.Combine(huggingFace, LlamaConfig.FileName)).AttentionShape, adapter);

        var options = Engines.Tiny() with { ModelPath = model };
        var without = await LoraTests.ForcedLogitsAsync(options);
        var with = await LoraTests.ForcedLogitsAsync(options with { Loras = [new LoraAdapterSpec(adapter)] });
        var largest = without.Zip(with, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        Assert.True(largest > 1e-2, $"the converted adapter moved no logit by more than {largest}");
    }
}
