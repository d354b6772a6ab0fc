using KoJudge.Gguf.Conversion;
using TorchSharp;
using static TorchSharp.torch;

namespace KoJudge.Training.Model;

/// <summary>
/// Rotary position embedding in Hugging Face's rotate-half layout (the first half of each head's dimensions pairs with
/// the second half), with the inverse frequencies computed as transformers computes them, in float32, including
/// <c>linear</c> and Llama 3.1's <c>llama3</c> scaling.
/// </summary>
/// <remarks>
/// The llama3 frequencies are computed here with torch in transformers' own order of operations
/// (<c>_compute_llama3_parameters</c>), not taken from the GGUF converter's <see cref="Llama3RopeFrequencies"/>, so the
/// test against llama.cpp checks the converter's factors too rather than sharing them.
/// </remarks>
public sealed class RotaryEmbedding : nn.Module<Tensor, (Tensor Cos, Tensor Sin)>
{
    // Held as numbers, not as a buffer: casting the model to bf16 would cast a buffer too, and RoPE's angles need float32
    // (transformers keeps inv_freq float32 under bf16 for the same reason). Derived from config.json, never in a checkpoint.
    private readonly float[] inverseFrequencies;

    public RotaryEmbedding(LlamaConfig config) : base(nameof(RotaryEmbedding))
    {
        ArgumentNullException.ThrowIfNull(config);
        using (var inverse = InverseFrequencies(config))
        {
            inverseFrequencies = inverse.data<float>().ToArray();
        }
        RegisterComponents();
    }

    /// <summary>The cosines and sines for the given positions, each <c>[positions, head_dim]</c>, in float32.</summary>
    public override (Tensor Cos, Tensor Sin) forward(Tensor positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        using var scope = NewDisposeScope();
        var frequencies = outer(positions.to(ScalarType.Float32), tensor(inverseFrequencies, device: positions.device));
        var angles = cat([frequencies, frequencies], -1);
        return (angles.cos().MoveToOuterDisposeScope(), angles.sin().MoveToOuterDisposeScope());
    }

    /// <summary>Rotates <paramref name="x"/> <c>[batch, heads, length, head_dim]</c> by the angles of its positions.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return ((x * cos) + (rotated * sin)).MoveToOuterDisposeScope();
    }

    private static Tensor InverseFrequencies(LlamaConfig config)
    {
        using var scope = NewDisposeScope();
        var dimension = config.HeadDimension;
        // transformers: 1 / base ** (arange(0, dim, 2).float() / dim), all in float32.
        var exponents = arange(0, dimension, 2, ScalarType.Int64).to(ScalarType.Float32) / dimension;
        var inverse = 1.0f / pow(tensor((float)config.RopeTheta), exponents);
        var scaling = config.RopeScaling;
        if (scaling is null)
        {
            return inverse.MoveToOuterDisposeScope();
        }
        if (scaling.Type == LlamaRopeScaling.Linear)
        {
            return (inverse / scaling.Factor).MoveToOuterDisposeScope();
        }
        // llama3: long wavelengths are divided by the factor, short ones kept, and the band between blended smoothly.
        var factor = scaling.Factor;
        var original = scaling.OriginalMaxPositionEmbeddings;
        var lowFrequencyWavelength = original / scaling.LowFreqFactor;
        var highFrequencyWavelength = original / scaling.HighFreqFactor;
        var wavelength = 2 * Math.PI / inverse;
        var scaled = where(wavelength > lowFrequencyWavelength, inverse / factor, inverse);
        var smooth = ((original / wavelength) - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
        var smoothed = ((1 - smooth) * scaled / factor) + (smooth * scaled);
        var medium = (wavelength >= highFrequencyWavelength).logical_and(wavelength <= lowFrequencyWavelength);
        return where(medium, smoothed, scaled).MoveToOuterDisposeScope();
    }
}
