using KoJudge.Gguf.Conversion;
using KoJudge.Training.Generation;
using KoJudge.Training.Lora;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KoJudge.Training.Model;

/// <summary>
/// Causal self-attention with grouped-query heads (each KV head serves <c>heads / kv_heads</c> query heads, as
/// transformers' <c>repeat_kv</c> orders them) and RoPE on queries and keys; no biases, as Llama has none.
/// </summary>
public sealed class LlamaAttention : Module<Tensor, Tensor, Tensor, Tensor>, ILoraHost
{
    private readonly int heads;
    private readonly int kvHeads;
    private readonly int headDimension;

    [ComponentName(Name = "q_proj")]
    private Module<Tensor, Tensor> queries;
    [ComponentName(Name = "k_proj")]
    private Module<Tensor, Tensor> keys;
    [ComponentName(Name = "v_proj")]
    private Module<Tensor, Tensor> values;
    [ComponentName(Name = "o_proj")]
    private Module<Tensor, Tensor> output;

    public LlamaAttention(LlamaConfig config) : base(nameof(LlamaAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        (heads, kvHeads, headDimension) = (config.Heads, config.KvHeads, config.HeadDimension);
        queries = Linear(config.Hidden, heads * headDimension, hasBias: false);
        keys = Linear(config.Hidden, kvHeads * headDimension, hasBias: false);
        values = Linear(config.Hidden, kvHeads * headDimension, hasBias: false);
        output = Linear(heads * headDimension, config.Hidden, hasBias: false);
        RegisterComponents();
    }

    /// <summary><paramref name="hidden"/> is <c>[batch, length, hidden]</c>; <paramref name="cos"/> and <paramref name="sin"/> are <c>[length, head_dim]</c>.</summary>
    public override Tensor forward(Tensor hidden, Tensor cos, Tensor sin) => ForwardWithCache(hidden, cos, sin, null);

    /// <summary>
    /// As <see cref="forward"/>, after the positions in <paramref name="cache"/>, which gains these. A cache that holds
    /// positions takes one new token at a time: that is all generation needs, and it needs no mask.
    /// </summary>
    public Tensor ForwardWithCache(Tensor hidden, Tensor cos, Tensor sin, LayerKeyValues? cache)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (cache is { IsEmpty: false } && hidden.shape[1] != 1)
        {
            throw new ArgumentException("After cached positions, attention reads one new token at a time.", nameof(hidden));
        }
        using var scope = NewDisposeScope();
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        var q = queries.call(hidden).view(batch, length, heads, headDimension).transpose(1, 2);
        var k = keys.call(hidden).view(batch, length, kvHeads, headDimension).transpose(1, 2);
        var v = values.call(hidden).view(batch, length, kvHeads, headDimension).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null)
        {
            (k, v) = cache.Append(k, v);
        }
        // Query head h reads KV head h / (heads / kv_heads): repeat_interleave puts each KV head's copies side by side.
        var groups = heads / kvHeads;
        if (groups > 1)
        {
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }
        // The causal flag is spelled is_casual in this TorchSharp; the scale defaults to 1 / sqrt(head_dim). One new token
        // after the cache sees every position, so it needs no mask.
        var attended = functional.scaled_dot_product_attention(q, k, v, is_casual: length > 1);
        var merged = attended.transpose(1, 2).reshape(batch, length, heads * headDimension);
        return output.call(merged).MoveToOuterDisposeScope();
    }

    IEnumerable<string> ILoraHost.ProjectionNames => ["q_proj", "k_proj", "v_proj", "o_proj"];

    LoraLinear ILoraHost.AttachLora(string name, LoraSettings settings) => name switch
    {
        "q_proj" => LoraLinear.Replace(this, name, ref queries, settings),
        "k_proj" => LoraLinear.Replace(this, name, ref keys, settings),
        "v_proj" => LoraLinear.Replace(this, name, ref values, settings),
        "o_proj" => LoraLinear.Replace(this, name, ref output, settings),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Attention has q_proj, k_proj, v_proj and o_proj."),
    };
}
