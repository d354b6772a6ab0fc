using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace KoJudge.Training.Model;

/// <summary>
/// Gradient checkpointing for one decoder layer: the forward pass runs without keeping the layer's activations, and the
/// backward pass runs the layer again, with gradients, from its saved input, then back-propagates through that.
/// Memory then holds one input per layer instead of every activation of every layer, for a third more compute.
/// </summary>
/// <remarks>
/// Written by hand because TorchSharp 0.107.0 has no <c>torch.utils.checkpoint</c>; it is PyTorch's reentrant form
/// of it over TorchSharp's custom autograd function. The layer's weights are not inputs of the function: the nested
/// backward pass of the recomputation adds their gradients (the LoRA weights') into <c>.grad</c> directly, and the
/// function returns the gradient of the hidden states alone. LoRA dropout draws from libtorch's generator, so its state
/// before the forward pass is kept and put back for the recomputation, which then draws the same masks; the state
/// the backward pass found is restored afterwards. That is the CPU generator (<c>torch.random</c>'s state calls read
/// no other): on CUDA dropout draws from the GPU's, so there the masks of a recomputation with dropout may not be
/// replayed (not testable on this CPU-only build).
/// </remarks>
internal sealed class CheckpointedDecoderLayer : SingleTensorFunction<CheckpointedDecoderLayer>
{
    private const string LayerKey = "layer";
    private const string GeneratorKey = "generator";

    public override string Name => nameof(CheckpointedDecoderLayer);

    /// <summary>The layer's output for <paramref name="hidden"/>, keeping only the inputs for the backward pass.</summary>
    public static Tensor Apply(LlamaDecoderLayer layer, Tensor hidden, Tensor cos, Tensor sin) => apply(hidden, cos, sin, layer);

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(vars);
        var (hidden, cos, sin, layer) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (LlamaDecoderLayer)vars[3]);
        ctx.save_for_backward([hidden, cos, sin]);
        ctx.save_data(LayerKey, layer);
        // As bytes: the context warns on a tensor saved as data, and the state is small.
        using (var state = random.get_rng_state())
        {
            ctx.save_data(GeneratorKey, state.data<byte>().ToArray());
        }
        // The function runs its forward pass with gradients off, so the layer keeps no activations.
        return layer.call(hidden, cos, sin);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var saved = ctx.get_saved_variables();
        var layer = (LlamaDecoderLayer)ctx.get_data(LayerKey);
        using var generator = tensor((byte[])ctx.get_data(GeneratorKey));
        using var current = random.get_rng_state();
        random.set_rng_state(generator);
        Tensor inputGradient;
        try
        {
            using var enabled = enable_grad();
            using var input = saved[0].detach().requires_grad_(true);
            using var output = layer.call(input, saved[1], saved[2]);
            output.backward([grad_output]);
            inputGradient = input.grad!.clone();
        }
        finally
        {
            random.set_rng_state(current);
        }
        // One gradient per input of forward: the hidden states', none for the rotary tables or the layer.
        return [inputGradient, null!, null!, null!];
    }
}
