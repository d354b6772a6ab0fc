using System.Text.Json;
using KoJudge.Datasets;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// The fields of a Hugging Face <c>LlamaForCausalLM</c> <c>config.json</c> that a GGUF model needs, with Hugging Face's
/// defaults where a field may be left out (<c>num_key_value_heads</c> = heads, <c>head_dim</c> = hidden / heads).
/// </summary>
public sealed record LlamaConfig(
    int Layers,
    int Hidden,
    int Intermediate,
    int Heads,
    int KvHeads,
    int HeadDimension,
    int Vocab,
    int MaxPositionEmbeddings,
    double RmsNormEps,
    double RopeTheta,
    LlamaRopeScaling? RopeScaling,
    bool TieWordEmbeddings)
{
    public const string FileName = "config.json";

    public LlamaAttentionShape AttentionShape => new(Layers, Heads, KvHeads, HeadDimension, Hidden, Intermediate);

    /// <summary>Reads <paramref name="path"/>; anything llama.cpp's Llama cannot run is refused, naming the field.</summary>
    /// <exception cref="InputFormatException">The file is missing, is not JSON, or a field is missing, wrong, or not supported.</exception>
    public static LlamaConfig Read(string path)
    {
        using var document = HuggingFaceJson.Parse(path);
        var json = new HuggingFaceJson(path, document.RootElement);
        var architectures = json.Optional("architectures") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(a => a.ToString()).ToList()
            : throw json.Problem("architectures", "is missing; a LlamaForCausalLM checkpoint names its architecture");
        if (!architectures.Contains("LlamaForCausalLM"))
        {
            throw json.Problem("architectures", $"{string.Join(", ", architectures)} is not converted (LlamaForCausalLM is)");
        }
        foreach (var bias in new[] { "attention_bias", "mlp_bias" })
        {
            if (json.Bool(bias, false))
            {
                throw json.Problem(bias, "is true; llama.cpp's Llama has no bias tensors, so this checkpoint is not converted");
            }
        }
        if (json.String("hidden_act") is { } activation && activation != "silu")
        {
            throw json.Problem("hidden_act", $"{activation} is not converted (Llama's silu is)");
        }
        var hidden = json.Int("hidden_size");
        var heads = json.Int("num_attention_heads");
        var kvHeads = json.Int("num_key_value_heads", heads);
        if (heads % kvHeads != 0)
        {
            throw json.Problem("num_key_value_heads", $"{kvHeads} does not divide num_attention_heads {heads}");
        }
        if (json.Optional("head_dim") is null && hidden % heads != 0)
        {
            throw json.Problem("num_attention_heads", $"{heads} does not divide hidden_size {hidden}");
        }
        var headDimension = json.Int("head_dim", hidden / heads);
        if (headDimension % 2 != 0)
        {
            throw json.Problem("head_dim", $"{headDimension} is odd; RoPE rotates pairs");
        }
        var theta = json.Double("rope_theta", 10000);
        return new LlamaConfig(
            Layers: json.Int("num_hidden_layers"),
            Hidden: hidden,
            Intermediate: json.Int("intermediate_size"),
            Heads: heads,
            KvHeads: kvHeads,
            HeadDimension: headDimension,
            Vocab: json.Int("vocab_size"),
            MaxPositionEmbeddings: json.Int("max_position_embeddings", 2048),
            RmsNormEps: json.Double("rms_norm_eps", 1e-6),
            RopeTheta: theta > 0 ? theta : throw json.Problem("rope_theta", $"must be above 0, not {theta}"),
            RopeScaling: ReadRopeScaling(json),
            TieWordEmbeddings: json.Bool("tie_word_embeddings", false));
    }

    private static LlamaRopeScaling? ReadRopeScaling(HuggingFaceJson config)
    {
        if (config.Optional("rope_scaling") is null)
        {
            return null;
        }
        var scaling = config.Object("rope_scaling");
        // Older configs call it "type"; transformers reads either.
        var type = scaling.String("rope_type") ?? scaling.String("type") ?? throw scaling.Problem("rope_type", "is missing");
        switch (type)
        {
            case "default":
                return null;
            case LlamaRopeScaling.Linear:
                return new LlamaRopeScaling(type, Positive(scaling, "factor"), 0, 0, 0);
            case LlamaRopeScaling.Llama3:
                var low = Positive(scaling, "low_freq_factor");
                var high = Positive(scaling, "high_freq_factor");
                if (high <= low)
                {
                    throw scaling.Problem("high_freq_factor", $"must be above low_freq_factor {low}, not {high}");
                }
                return new LlamaRopeScaling(type, Positive(scaling, "factor"), low, high, scaling.Int("original_max_position_embeddings"));
            default:
                throw scaling.Problem("rope_type", $"{type} is not converted (linear and llama3 are)");
        }
    }

    private static double Positive(HuggingFaceJson json, string name)
    {
        var value = json.Double(name);
        return value > 0 ? value : throw json.Problem(name, $"must be above 0, not {value}");
    }
}
