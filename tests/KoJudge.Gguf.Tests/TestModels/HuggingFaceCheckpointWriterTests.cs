using System.Security.Cryptography;
using System.Text.Json;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;
using KoJudge.Gguf.Tests.Safetensors;

namespace KoJudge.Gguf.Tests.TestModels;

public sealed class HuggingFaceCheckpointWriterTests
{
    [Fact]
    public void Config_json_says_what_the_spec_says_with_llama3_scaling_inside_rope_scaling()
    {
        var directory = RawSafetensors.NewDirectory();
        var spec = HuggingFaceLlamaSpec.Tiny with { Dtype = SafetensorsDtype.BF16 };

        HuggingFaceCheckpointWriter.Write(directory, spec);

        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "config.json")));
        var root = config.RootElement;
        Assert.Equal("LlamaForCausalLM", root.GetProperty("architectures")[0].GetString());
        Assert.Equal(spec.Hidden, root.GetProperty("hidden_size").GetInt32());
        Assert.Equal(spec.Intermediate, root.GetProperty("intermediate_size").GetInt32());
        Assert.Equal(spec.Layers, root.GetProperty("num_hidden_layers").GetInt32());
        Assert.Equal(spec.Heads, root.GetProperty("num_attention_heads").GetInt32());
        Assert.Equal(spec.KvHeads, root.GetProperty("num_key_value_heads").GetInt32());
        Assert.NotEqual(spec.Heads, spec.KvHeads);
        Assert.Equal(spec.Vocab, root.GetProperty("vocab_size").GetInt32());
        Assert.Equal(spec.RopeTheta, root.GetProperty("rope_theta").GetDouble());
        Assert.Equal(spec.RmsNormEps, root.GetProperty("rms_norm_eps").GetDouble());
        Assert.Equal("bfloat16", root.GetProperty("torch_dtype").GetString());
        var scaling = root.GetProperty("rope_scaling");
        Assert.Equal("llama3", scaling.GetProperty("rope_type").GetString());
        Assert.Equal(spec.RopeScaling!.Factor, scaling.GetProperty("factor").GetDouble());
        Assert.Equal(spec.RopeScaling.LowFreqFactor, scaling.GetProperty("low_freq_factor").GetDouble());
        Assert.Equal(spec.RopeScaling.HighFreqFactor, scaling.GetProperty("high_freq_factor").GetDouble());
        Assert.Equal(spec.RopeScaling.OriginalMaxPositionEmbeddings, scaling.GetProperty("original_max_position_embeddings").GetInt32());
        // Only inside rope_scaling, as Hugging Face reads it, and not the 8192 a converter's default would give.
        Assert.False(root.TryGetProperty("original_max_position_embeddings", out _));
        Assert.NotEqual(8192, spec.RopeScaling.OriginalMaxPositionEmbeddings);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_weights_carry_Hugging_Faces_names_and_out_by_in_shapes(bool tied)
    {
        var directory = RawSafetensors.NewDirectory();
        var spec = HuggingFaceLlamaSpec.Tiny with { TieWordEmbeddings = tied };
        var (h, f, d) = (spec.Hidden, spec.Intermediate, spec.Hidden / spec.Heads);
        var expected = new Dictionary<string, long[]> { ["model.embed_tokens.weight"] = [spec.Vocab, h], ["model.norm.weight"] = [h] };
        if (!tied)
        {
            expected["lm_head.weight"] = [spec.Vocab, h];
        }
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            var p = $"model.layers.{layer}.";
            expected[p + "input_layernorm.weight"] = [h];
            expected[p + "post_attention_layernorm.weight"] = [h];
            expected[p + "self_attn.q_proj.weight"] = [spec.Heads * d, h];
            expected[p + "self_attn.k_proj.weight"] = [spec.KvHeads * d, h];
            expected[p + "self_attn.v_proj.weight"] = [spec.KvHeads * d, h];
            expected[p + "self_attn.o_proj.weight"] = [h, spec.Heads * d];
            expected[p + "mlp.gate_proj.weight"] = [f, h];
            expected[p + "mlp.up_proj.weight"] = [f, h];
            expected[p + "mlp.down_proj.weight"] = [h, f];
        }

        HuggingFaceCheckpointWriter.Write(directory, spec);
        using var checkpoint = SafetensorsCheckpoint.Open(directory);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), checkpoint.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(checkpoint.Tensors, t => Assert.Equal(expected[t.Name], t.Shape));
        // Norms are near one but not one, so dropping one would show.
        Assert.All(checkpoint.ReadSingles("model.norm.weight"), v => Assert.InRange(v, 0.75f, 1.25f));
        Assert.Contains(checkpoint.ReadSingles("model.norm.weight"), v => v != 1f);
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_weights()
    {
        var (a, b, c) = (RawSafetensors.NewDirectory(), RawSafetensors.NewDirectory(), RawSafetensors.NewDirectory());

        HuggingFaceCheckpointWriter.Write(a, HuggingFaceLlamaSpec.Tiny, shards: 2);
        HuggingFaceCheckpointWriter.Write(b, HuggingFaceLlamaSpec.Tiny, shards: 2);
        HuggingFaceCheckpointWriter.Write(c, HuggingFaceLlamaSpec.Tiny with { Seed = 99 }, shards: 2);

        Assert.Equal(Hashes(a), Hashes(b));
        Assert.NotEqual(Hashes(a)["model-00001-of-00002.safetensors"], Hashes(c)["model-00001-of-00002.safetensors"]);
        Assert.Equal(Hashes(a)["config.json"], Hashes(c)["config.json"]);
    }

    [Fact]
    public void A_sharded_checkpoint_holds_the_same_tensors_as_a_single_file_one_and_an_index_that_adds_up()
    {
        var (single, sharded) = (RawSafetensors.NewDirectory(), RawSafetensors.NewDirectory());

        HuggingFaceCheckpointWriter.Write(single, HuggingFaceLlamaSpec.Tiny);
        var files = HuggingFaceCheckpointWriter.Write(sharded, HuggingFaceLlamaSpec.Tiny, shards: 3);

        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors"], files.Select(Path.GetFileName));
        using var one = SafetensorsCheckpoint.Open(single);
        using var three = SafetensorsCheckpoint.Open(sharded);
        Assert.Equal(3, three.Files.Count);
        Assert.Equal(one.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), three.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tensor in one.Tensors)
        {
            Assert.Equal(one.ReadSingles(tensor.Name), three.ReadSingles(tensor.Name));
        }
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sharded, "model.safetensors.index.json")));
        Assert.Equal(three.Tensors.Sum(t => t.ByteLength), index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        // Each shard holds only what the index puts in it.
        Assert.All(files, file =>
        {
            using var shard = SafetensorsFile.Open(file);
            Assert.NotEmpty(shard.Tensors);
            Assert.All(shard.Tensors, t => Assert.Equal(Path.GetFileName(file), index.RootElement.GetProperty("weight_map").GetProperty(t.Name).GetString()));
        });
    }

    [Theory]
    [InlineData(SafetensorsDtype.F16)]
    [InlineData(SafetensorsDtype.BF16)]
    public void A_half_precision_checkpoint_holds_the_F32_weights_rounded(SafetensorsDtype dtype)
    {
        var (full, half) = (RawSafetensors.NewDirectory(), RawSafetensors.NewDirectory());

        HuggingFaceCheckpointWriter.Write(full, HuggingFaceLlamaSpec.Tiny);
        HuggingFaceCheckpointWriter.Write(half, HuggingFaceLlamaSpec.Tiny with { Dtype = dtype }, shards: 2);

        using var f32 = SafetensorsCheckpoint.Open(full);
        using var narrow = SafetensorsCheckpoint.Open(half);
        Assert.All(narrow.Tensors, t => Assert.Equal(dtype, t.Dtype));
        foreach (var tensor in f32.Tensors)
        {
            var expected = f32.ReadSingles(tensor.Name).Select(v => dtype == SafetensorsDtype.F16 ? FloatRounding.ToHalf(v) : FloatRounding.ToBFloat16(v));
            Assert.Equal(expected, narrow.ReadSingles(tensor.Name));
            Assert.Equal(tensor.ByteLength / 2, narrow[tensor.Name].ByteLength);
        }
    }

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
