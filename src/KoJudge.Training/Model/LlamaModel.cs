using KoJudge.Gguf.Conversion;
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

    /// <summary>The final hidden states <c>[batch, length, hidden]</c> of token ids <c>[batch, length]</c> at positions 0 onwards.</summary>
    public override Tensor forward(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        using var scope = NewDisposeScope();
        var (cos, sin) = rotary.call(arange(tokens.shape[1], device: tokens.device));
        var hidden = embeddings.call(tokens);
        foreach (var layer in layers)
        {
            hidden = layer.call(hidden, cos, sin);
        }
        return norm.call(hidden).MoveToOuterDisposeScope();
    }
}
