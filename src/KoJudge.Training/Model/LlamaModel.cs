using KoJudge.Gguf.Conversion;
using KoJudge.Training.Generation;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KoJudge.Training.Model;

/// <summary>
/// The decoder stack under Hugging Face's <c>model.</c> prefix: token embeddings, the layers and the final norm, with
/// RoPE's cosines and sines computed once per forward pass and shared by every layer, as transformers does.
/// </summary>
public sealed class LlamaModel : Module<Tensor, Tensor>
{
    [ComponentName(Name = "embed_tokens")]
    private readonly Embedding embeddings;
    [ComponentName(Name = "layers")]
    private readonly ModuleList<LlamaDecoderLayer> layers;
    [ComponentName(Name = "norm")]
    private readonly RmsNorm norm;
    [ComponentName(Name = "rotary_emb")]
    private readonly RotaryEmbedding rotary;

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        embeddings = Embedding(config.Vocab, config.Hidden);
        layers = new ModuleList<LlamaDecoderLayer>([.. Enumerable.Range(0, config.Layers).Select(_ => new LlamaDecoderLayer(config))]);
        norm = new RmsNorm(config.Hidden, config.RmsNormEps);
        rotary = new RotaryEmbedding(config);
        RegisterComponents();
    }

    public Embedding Embeddings => embeddings;

    public IReadOnlyList<LlamaDecoderLayer> Layers => [.. layers];

    /// <summary>
    /// Whether a training forward pass with gradients keeps only each layer's input and recomputes the layer in the
    /// backward pass (<see cref="CheckpointedDecoderLayer"/>), as transformers' <c>gradient_checkpointing_enable()</c>.
    /// </summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>The final hidden states <c>[batch, length, hidden]</c> of token ids <c>[batch, length]</c> at positions 0 onwards.</summary>
    public override Tensor forward(Tensor tokens) => ForwardWithCache(tokens, null);

    /// <summary>As <see cref="forward"/>, for tokens at the positions after those in <paramref name="cache"/>, which gains them.</summary>
    public Tensor ForwardWithCache(Tensor tokens, KeyValueCache? cache)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        using var scope = NewDisposeScope();
        var start = cache?.Length ?? 0;
        var hidden = embeddings.call(tokens.to(embeddings.weight!.device));
        // Computed in float32, then used in the activations' dtype, as transformers does under bf16.
        var (cos, sin) = rotary.call(arange(start, start + tokens.shape[1], device: hidden.device));
        (cos, sin) = (cos.to(hidden.dtype), sin.to(hidden.dtype));
        var checkpointing = cache is null && GradientCheckpointing && training && is_grad_enabled();
        if (checkpointing && !hidden.requires_grad)
        {
            // The frozen embeddings' output needs no gradient, and a checkpointed layer none of whose inputs needs one
            // would not be in the graph at all; so the layers' first input asks for one (transformers' enable_input_require_grads).
            hidden.requires_grad_(true);
        }
        for (var i = 0; i < layers.Count; i++)
        {
            hidden = cache is not null ? layers[i].ForwardWithCache(hidden, cos, sin, cache.Layer(i))
                : checkpointing ? CheckpointedDecoderLayer.Apply(layers[i], hidden, cos, sin)
                : layers[i].call(hidden, cos, sin);
        }
        cache?.Advance(tokens.shape[1]);
        return norm.call(hidden).MoveToOuterDisposeScope();
    }
}
