using System.Globalization;
using System.Text.Json;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.TestModels;

/// <summary>
/// Writes a deterministic random-weight Hugging Face Llama checkpoint: <c>config.json</c> and the weights under
/// Hugging Face's names and layout (each matrix <c>[out, in]</c>), in one <c>model.safetensors</c> or in shards with
/// <c>model.safetensors.index.json</c>. It is the converter's test input where no real checkpoint can be had.
/// </summary>
public static class HuggingFaceCheckpointWriter
{
    public const string ConfigFileName = "config.json";

    /// <summary>
    /// Writes the checkpoint into <paramref name="directory"/> and returns the weight files written. The tokenizer files
    /// are <paramref name="tokenizerJson"/>'s (such as Llama-3's real one) or the tiny byte-level vocabulary's; the spec's
    /// vocabulary size must hold the tokenizer's tokens.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, HuggingFaceLlamaSpec spec, int shards = 1, string? tokenizerJson = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Hidden % spec.Heads != 0 || spec.Heads % spec.KvHeads != 0)
        {
            throw new ArgumentException("The hidden size must split evenly into heads, and heads into KV heads.", nameof(spec));
        }
        var weights = Weights(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, weights.Count);
        var vocabulary = tokenizerJson is null ? ByteLevelVocabulary.Tiny() : ByteLevelVocabulary.FromTokenizerJson(tokenizerJson);
        if (vocabulary.Count > spec.Vocab)
        {
            throw new ArgumentException($"The vocabulary size {spec.Vocab} cannot hold the tokenizer's {vocabulary.Count} tokens.", nameof(spec));
        }
        Directory.CreateDirectory(directory);
        WriteConfig(Path.Combine(directory, ConfigFileName), spec);
        HuggingFaceTokenizerWriter.Write(directory, vocabulary, tokenizerJson);
        if (shards == 1)
        {
            var single = Path.Combine(directory, SafetensorsCheckpoint.SingleFileName);
            WriteShard(single, spec.Dtype, weights);
            return [single];
        }
        // Consecutive runs of near-equal tensor counts, as Hugging Face's save_pretrained keeps a layer's tensors together.
        var files = new List<string>();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var totalSize = 0L;
        for (var shard = 0; shard < shards; shard++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"model-{shard + 1:00000}-of-{shards:00000}.safetensors");
            var start = weights.Count * shard / shards;
            var part = weights.Skip(start).Take((weights.Count * (shard + 1) / shards) - start).ToList();
            totalSize += WriteShard(Path.Combine(directory, name), spec.Dtype, part);
            foreach (var weight in part)
            {
                weightMap[weight.Name] = name;
            }
            files.Add(Path.Combine(directory, name));
        }
        WriteIndex(Path.Combine(directory, SafetensorsCheckpoint.IndexFileName), totalSize, weightMap);
        return files;
    }

    /// <summary>
    /// Every weight under its Hugging Face name, shape outermost first, in the order a Llama checkpoint lists them; each
    /// one's values are made when asked for, so writing holds one tensor at a time.
    /// </summary>
    public static IReadOnlyList<(string Name, long[] Shape, Func<float[]> Values)> Weights(HuggingFaceLlamaSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (h, seed) = (spec.Hidden, spec.Seed);
        var q = spec.Heads * spec.HeadDimension;
        var kv = spec.KvHeads * spec.HeadDimension;
        var weights = new List<(string, long[], Func<float[]>)>();
        void Matrix(string name, int outputs, int inputs, float scale) =>
            weights.Add((name, [outputs, inputs], () => TestModelWriter.Random(seed, name, (long)outputs * inputs, scale)));
        // Norm weights near one but not one, so a converter that drops or misplaces one changes the logits.
        void Norm(string name) =>
            weights.Add((name, [h], () => TestModelWriter.Random(seed, name, h, 0.25f).Select(v => 1 + v).ToArray()));

        Matrix("model.embed_tokens.weight", spec.Vocab, h, 1f);
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            var prefix = $"model.layers.{layer}";
            Norm($"{prefix}.input_layernorm.weight");
            Matrix($"{prefix}.self_attn.q_proj.weight", q, h, 1f / MathF.Sqrt(h));
            Matrix($"{prefix}.self_attn.k_proj.weight", kv, h, 1f / MathF.Sqrt(h));
            Matrix($"{prefix}.self_attn.v_proj.weight", kv, h, 1f / MathF.Sqrt(h));
            Matrix($"{prefix}.self_attn.o_proj.weight", h, q, 1f / MathF.Sqrt(q));
            Norm($"{prefix}.post_attention_layernorm.weight");
            Matrix($"{prefix}.mlp.gate_proj.weight", spec.Intermediate, h, 1f / MathF.Sqrt(h));
            Matrix($"{prefix}.mlp.up_proj.weight", spec.Intermediate, h, 1f / MathF.Sqrt(h));
            Matrix($"{prefix}.mlp.down_proj.weight", h, spec.Intermediate, 1f / MathF.Sqrt(spec.Intermediate));
        }
        Norm("model.norm.weight");
        if (!spec.TieWordEmbeddings)
        {
            Matrix("lm_head.weight", spec.Vocab, h, 1f / MathF.Sqrt(h));
        }
        return weights;
    }

    private static long WriteShard(string path, SafetensorsDtype dtype, IEnumerable<(string Name, long[] Shape, Func<float[]> Values)> weights)
    {
        var writer = new SafetensorsWriter();
        foreach (var (name, shape, values) in weights)
        {
            writer.Add(name, dtype, shape, values);
        }
        writer.Write(path);
        return writer.DataBytes;
    }

    private static void WriteConfig(string path, HuggingFaceLlamaSpec spec)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("architectures");
        json.WriteStringValue("LlamaForCausalLM");
        json.WriteEndArray();
        json.WriteString("model_type", "llama");
        json.WriteNumber("hidden_size", spec.Hidden);
        json.WriteNumber("intermediate_size", spec.Intermediate);
        json.WriteNumber("num_hidden_layers", spec.Layers);
        json.WriteNumber("num_attention_heads", spec.Heads);
        json.WriteNumber("num_key_value_heads", spec.KvHeads);
        json.WriteNumber("head_dim", spec.HeadDimension);
        json.WriteNumber("vocab_size", spec.Vocab);
        json.WriteNumber("max_position_embeddings", spec.MaxPositionEmbeddings);
        json.WriteNumber("rms_norm_eps", spec.RmsNormEps);
        json.WriteNumber("rope_theta", spec.RopeTheta);
        if (spec.RopeScaling is { } scaling)
        {
            json.WriteStartObject("rope_scaling");
            json.WriteString("rope_type", "llama3");
            json.WriteNumber("factor", scaling.Factor);
            json.WriteNumber("low_freq_factor", scaling.LowFreqFactor);
            json.WriteNumber("high_freq_factor", scaling.HighFreqFactor);
            json.WriteNumber("original_max_position_embeddings", scaling.OriginalMaxPositionEmbeddings);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("rope_scaling");
        }
        json.WriteBoolean("tie_word_embeddings", spec.TieWordEmbeddings);
        json.WriteString("hidden_act", "silu");
        json.WriteBoolean("attention_bias", false);
        json.WriteBoolean("mlp_bias", false);
        json.WriteString("torch_dtype", spec.Dtype switch
        {
            SafetensorsDtype.F16 => "float16",
            SafetensorsDtype.BF16 => "bfloat16",
            _ => "float32",
        });
        json.WriteEndObject();
    }

    private static void WriteIndex(string path, long totalSize, SortedDictionary<string, string> weightMap)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        json.WriteNumber("total_size", totalSize);
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        foreach (var (name, file) in weightMap)
        {
            json.WriteString(name, file);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
