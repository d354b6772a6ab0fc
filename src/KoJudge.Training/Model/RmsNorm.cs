using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KoJudge.Training.Model;

/// <summary>
/// Llama's RMSNorm as transformers' <c>LlamaRMSNorm</c> computes it: the mean square in float32, then
/// <c>weight * (x / sqrt(mean(x²) + eps))</c> cast back to the input's dtype before the weight multiplies it.
/// </summary>
/// <remarks>Written by hand because TorchSharp 0.107.0 has no RMSNorm module.</remarks>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double epsilon;

    [ComponentName(Name = "weight")]
    private readonly Parameter weight;

    public RmsNorm(long size, double epsilon) : base(nameof(RmsNorm))
    {
        this.epsilon = epsilon;
        weight = new Parameter(ones(size));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = input.to(ScalarType.Float32);
        var variance = x.pow(2).mean([-1], keepdim: true);
        var normed = (x * rsqrt(variance + epsilon)).to(input.dtype);
        return (weight * normed).MoveToOuterDisposeScope();
    }
}
