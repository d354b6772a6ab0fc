namespace KoJudge.Gguf.Conversion;

/// <summary>
/// The per-dimension divisors of RoPE's frequencies for <c>rope_scaling</c> of type <c>llama3</c>, which llama.cpp reads as
/// the <c>rope_freqs.weight</c> tensor: Hugging Face scales frequency <c>i</c> by <c>1 / factor[i]</c>, and ggml divides by it.
/// </summary>
/// <remarks>
/// Computed as transformers' <c>_compute_llama3_parameters</c> computes the scaled inverse frequencies, with
/// <c>original_max_position_embeddings</c> from inside <c>rope_scaling</c> where Hugging Face reads it (llama.cpp's Python
/// converter reads it from the config's top level with a default of 8192, which only agrees when it is 8192).
/// </remarks>
public static class Llama3RopeFrequencies
{
    public static float[] Factors(LlamaRopeScaling scaling, double theta, int headDimension)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        var lowFrequencyWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.LowFreqFactor;
        var highFrequencyWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.HighFreqFactor;
        var factors = new float[headDimension / 2];
        for (var i = 0; i < factors.Length; i++)
        {
            // transformers computes the base frequencies in float32: base ** (arange(0, dim, 2).float() / dim).
            var frequency = 1.0 / Math.Pow(theta, (float)(2 * i) / headDimension);
            var wavelength = 2 * Math.PI / frequency;
            if (wavelength < highFrequencyWavelength)
            {
                factors[i] = 1;
            }
            else if (wavelength > lowFrequencyWavelength)
            {
                factors[i] = (float)scaling.Factor;
            }
            else
            {
                var smooth = ((scaling.OriginalMaxPositionEmbeddings / wavelength) - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
                factors[i] = (float)(1 / (((1 - smooth) / scaling.Factor) + smooth));
            }
        }
        return factors;
    }
}
