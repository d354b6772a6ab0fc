using System.Text.Json;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.LlamaCpp.Tests.Support;

/// <summary>
/// Hugging Face's <c>LlamaForCausalLM</c> forward pass in double precision, over a checkpoint folder in Hugging Face's
/// own layout and names: the oracle the GGUF converters are checked against.
/// </summary>
/// <remarks>
/// Written from transformers' <c>modeling_llama.py</c> and <c>modeling_rope_utils.py</c>, never from llama.cpp, and it
/// reads <c>config.json</c> itself rather than through the converter's reader: a shared misreading would hide. So RoPE
/// rotates halves (the layout the weights are stored in) where llama.cpp rotates neighbours, and the q/k row permutation
/// a converter applies has no counterpart here.
/// </remarks>
internal sealed class ReferenceLlama
{
    private readonly Dictionary<string, double[]> weights;
    private readonly int hidden;
    private readonly int intermediate;
    private readonly int layers;
    private readonly int heads;
    private readonly int kvHeads;
    private readonly int headDimension;
    private readonly int vocab;
    private readonly double rmsNormEps;
    private readonly bool tieWordEmbeddings;

    private ReferenceLlama(JsonElement config, Dictionary<string, double[]> weights)
    {
        this.weights = weights;
        hidden = config.GetProperty("hidden_size").GetInt32();
        intermediate = config.GetProperty("intermediate_size").GetInt32();
        layers = config.GetProperty("num_hidden_layers").GetInt32();
        heads = config.GetProperty("num_attention_heads").GetInt32();
        // LlamaConfig's defaults: as many KV heads as heads, and head_dim = hidden_size / num_attention_heads.
        kvHeads = Optional(config, "num_key_value_heads")?.GetInt32() ?? heads;
        headDimension = Optional(config, "head_dim")?.GetInt32() ?? hidden / heads;
        vocab = config.GetProperty("vocab_size").GetInt32();
        rmsNormEps = config.GetProperty("rms_norm_eps").GetDouble();
        tieWordEmbeddings = Optional(config, "tie_word_embeddings")?.GetBoolean() ?? false;
        if ((Optional(config, "hidden_act")?.GetString() ?? "silu") != "silu"
            || (Optional(config, "attention_bias")?.GetBoolean() ?? false)
            || (Optional(config, "mlp_bias")?.GetBoolean() ?? false))
        {
            throw new NotSupportedException("The reference runs Llama's SiLU MLP without biases only.");
        }
        InverseFrequencies = RopeInverseFrequencies(config);
    }

    /// <summary>RoPE's inverse frequency for each pair of a head's dimensions, rope scaling applied.</summary>
    public IReadOnlyList<double> InverseFrequencies { get; }

    /// <summary>Loads a checkpoint, with a PEFT LoRA adapter folded into its weights when <paramref name="peftDirectory"/> is given.</summary>
    public static ReferenceLlama Load(string huggingFaceDirectory, string? peftDirectory = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(huggingFaceDirectory, "config.json")));
        var weights = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        using (var checkpoint = SafetensorsCheckpoint.Open(huggingFaceDirectory))
        {
            foreach (var tensor in checkpoint.Tensors)
            {
                weights[tensor.Name] = Array.ConvertAll(checkpoint.ReadSingles(tensor.Name), v => (double)v);
                shapes[tensor.Name] = tensor.Shape;
            }
        }
        if (peftDirectory is not null)
        {
            ReferencePeftMerge.Merge(peftDirectory, weights, shapes);
        }
        return new ReferenceLlama(document.RootElement.Clone(), weights);
    }

    /// <summary>
    /// transformers' inverse frequencies for a <c>config.json</c>: <c>base^(-2i/d)</c> over the head dimension, then, for
    /// <c>rope_scaling.rope_type = "llama3"</c>, <c>_compute_llama3_parameters</c>'s wavelength bands with every one of
    /// its four fields read from inside <c>rope_scaling</c>.
    /// </summary>
    public static double[] RopeInverseFrequencies(JsonElement config)
    {
        var hidden = config.GetProperty("hidden_size").GetInt32();
        var dimension = Optional(config, "head_dim")?.GetInt32() ?? hidden / config.GetProperty("num_attention_heads").GetInt32();
        if (Optional(config, "partial_rotary_factor") is { } partial && partial.GetDouble() != 1)
        {
            throw new NotSupportedException("The reference rotates whole heads only.");
        }
        // transformers 5 moved the theta and the scaling into rope_parameters; 4.x keeps rope_theta and rope_scaling.
        var parameters = Optional(config, "rope_parameters");
        var scaling = parameters ?? Optional(config, "rope_scaling");
        var theta = (parameters is { } p ? Optional(p, "rope_theta") : Optional(config, "rope_theta"))?.GetDouble() ?? 10000;
        var inverse = new double[dimension / 2];
        for (var i = 0; i < inverse.Length; i++)
        {
            inverse[i] = 1 / Math.Pow(theta, 2.0 * i / dimension);
        }
        var type = scaling is { } s ? (Optional(s, "rope_type") ?? Optional(s, "type"))?.GetString() : null;
        switch (type)
        {
            case null or "default":
                return inverse;
            case "llama3":
                break;
            default:
                throw new NotSupportedException($"The reference has no rope type '{type}'.");
        }
        var factor = scaling!.Value.GetProperty("factor").GetDouble();
        var lowFreqFactor = scaling.Value.GetProperty("low_freq_factor").GetDouble();
        var highFreqFactor = scaling.Value.GetProperty("high_freq_factor").GetDouble();
        var oldContext = scaling.Value.GetProperty("original_max_position_embeddings").GetDouble();
        var lowFreqWavelength = oldContext / lowFreqFactor;
        var highFreqWavelength = oldContext / highFreqFactor;
        for (var i = 0; i < inverse.Length; i++)
        {
            var wavelength = 2 * Math.PI / inverse[i];
            var scaled = wavelength > lowFreqWavelength ? inverse[i] / factor : inverse[i];
            var medium = !(wavelength < highFreqWavelength) && !(wavelength > lowFreqWavelength);
            if (medium)
            {
                var smooth = ((oldContext / wavelength) - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                scaled = ((1 - smooth) * scaled / factor) + (smooth * scaled);
            }
            inverse[i] = scaled;
        }
        return inverse;
    }

    /// <summary>The logits after every position of <paramref name="tokens"/>, one causal sequence from position 0.</summary>
    public double[][] Logits(IReadOnlyList<int> tokens)
    {
        var states = tokens.Select(t => Row(Weight("model.embed_tokens.weight"), t, hidden)).ToArray();
        for (var layer = 0; layer < layers; layer++)
        {
            var prefix = $"model.layers.{layer}";
            var attention = Attention(prefix, states.Select(x => RmsNorm(x, Weight($"{prefix}.input_layernorm.weight"))).ToArray());
            for (var t = 0; t < states.Length; t++)
            {
                Add(states[t], attention[t]);
                var normed = RmsNorm(states[t], Weight($"{prefix}.post_attention_layernorm.weight"));
                var gate = MatVec(Weight($"{prefix}.mlp.gate_proj.weight"), normed, intermediate);
                var up = MatVec(Weight($"{prefix}.mlp.up_proj.weight"), normed, intermediate);
                var product = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                Add(states[t], MatVec(Weight($"{prefix}.mlp.down_proj.weight"), product, hidden));
            }
        }
        var head = tieWordEmbeddings ? Weight("model.embed_tokens.weight") : Weight("lm_head.weight");
        return [.. states.Select(x => MatVec(head, RmsNorm(x, Weight("model.norm.weight")), vocab))];
    }

    private double[][] Attention(string prefix, double[][] normed)
    {
        var count = normed.Length;
        var q = normed.Select(x => MatVec(Weight($"{prefix}.self_attn.q_proj.weight"), x, heads * headDimension)).ToArray();
        var k = normed.Select(x => MatVec(Weight($"{prefix}.self_attn.k_proj.weight"), x, kvHeads * headDimension)).ToArray();
        var v = normed.Select(x => MatVec(Weight($"{prefix}.self_attn.v_proj.weight"), x, kvHeads * headDimension)).ToArray();
        for (var t = 0; t < count; t++)
        {
            RotateHalves(q[t], heads, t);
            RotateHalves(k[t], kvHeads, t);
        }
        // repeat_kv: KV head j serves query heads j * group .. j * group + group - 1.
        var group = heads / kvHeads;
        var scale = 1 / Math.Sqrt(headDimension);
        var output = new double[count][];
        for (var t = 0; t < count; t++)
        {
            var mixed = new double[heads * headDimension];
            for (var h = 0; h < heads; h++)
            {
                var kvOffset = h / group * headDimension;
                var scores = new double[t + 1];
                for (var s = 0; s <= t; s++)
                {
                    var dot = 0.0;
                    for (var d = 0; d < headDimension; d++)
                    {
                        dot += q[t][(h * headDimension) + d] * k[s][kvOffset + d];
                    }
                    scores[s] = dot * scale;
                }
                var max = scores.Max();
                var exps = scores.Select(x => Math.Exp(x - max)).ToArray();
                var sum = exps.Sum();
                for (var s = 0; s <= t; s++)
                {
                    for (var d = 0; d < headDimension; d++)
                    {
                        mixed[(h * headDimension) + d] += exps[s] / sum * v[s][kvOffset + d];
                    }
                }
            }
            output[t] = MatVec(Weight($"{prefix}.self_attn.o_proj.weight"), mixed, hidden);
        }
        return output;
    }

    /// <summary>
    /// <c>x * cos + rotate_half(x) * sin</c> per head, with cos and sin repeated over both halves: dimension <c>i</c>
    /// of the first half turns with dimension <c>i</c> of the second.
    /// </summary>
    private void RotateHalves(double[] x, int headCount, int position)
    {
        var half = headDimension / 2;
        for (var h = 0; h < headCount; h++)
        {
            var offset = h * headDimension;
            for (var i = 0; i < half; i++)
            {
                var angle = position * InverseFrequencies[i];
                var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
                var (first, second) = (x[offset + i], x[offset + half + i]);
                x[offset + i] = (first * cos) - (second * sin);
                x[offset + half + i] = (second * cos) + (first * sin);
            }
        }
    }

    private double[] RmsNorm(double[] x, double[] weight)
    {
        var inverseRms = 1 / Math.Sqrt((x.Sum(v => v * v) / x.Length) + rmsNormEps);
        return [.. x.Select((v, i) => v * inverseRms * weight[i])];
    }

    private double[] Weight(string name) =>
        weights.TryGetValue(name, out var weight) ? weight : throw new KeyNotFoundException($"The checkpoint has no tensor '{name}'.");

    /// <summary><c>W x</c> for a row-major <c>[outputs, inputs]</c> matrix, as <c>nn.Linear</c> stores it.</summary>
    private static double[] MatVec(double[] matrix, double[] x, int outputs)
    {
        if (matrix.Length != outputs * x.Length)
        {
            throw new InvalidDataException($"A [{outputs}, {x.Length}] matrix has {matrix.Length} values.");
        }
        var y = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var sum = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                sum += matrix[(o * x.Length) + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private static double[] Row(double[] matrix, int row, int width) => matrix.AsSpan(row * width, width).ToArray();

    private static void Add(double[] target, double[] addend)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += addend[i];
        }
    }

    internal static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
