using KoJudge.Gguf.Conversion;
using KoJudge.Training.Generation;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KoJudge.Training.Model;

/// <summary>One pre-norm transformer block: <c>h = x + attn(norm(x))</c>, then <c>h + mlp(norm(h))</c>.</summary>
public sealed class LlamaDecoderLayer : Module<Tensor, Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "input_layernorm")]
    private readonly RmsNorm inputNorm;
    [ComponentName(Name = "self_attn")]
    private readonly LlamaAttention attention;
    [ComponentName(Name = "post_attention_layernorm")]
    private readonly RmsNorm postAttentionNorm;
    [ComponentName(Name = "mlp")]
    private readonly LlamaMlp mlp;

    public LlamaDecoderLayer(LlamaConfig config) : base(nameof(LlamaDecoderLayer))
    {
        ArgumentNullException.ThrowIfNull(config);
        inputNorm = new RmsNorm(config.Hidden, config.RmsNormEps);
        attention = new LlamaAttention(config);
        postAttentionNorm = new RmsNorm(config.Hidden, config.RmsNormEps);
        mlp = new LlamaMlp(config);
        RegisterComponents();
    }

    public LlamaAttention Attention => attention;

    public LlamaMlp Mlp => mlp;

    public override Tensor forward(Tensor hidden, Tensor cos, Tensor sin) => ForwardWithCache(hidden, cos, sin, null);

    /// <summary>As <see cref="forward"/>, attending also to the positions in <paramref name="cache"/>, which gains these.</summary>
    public Tensor ForwardWithCache(Tensor hidden, Tensor cos, Tensor sin, LayerKeyValues? cache)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        using var scope = NewDisposeScope();
        var afterAttention = hidden + attention.ForwardWithCache(inputNorm.call(hidden), cos, sin, cache);
        return (afterAttention + mlp.call(postAttentionNorm.call(afterAttention))).MoveToOuterDisposeScope();
    }
}
