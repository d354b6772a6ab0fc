using KoJudge.Gguf.Conversion;

namespace KoJudge.Gguf.Tests.Conversion;

public sealed class Llama3RopeFrequenciesTests
{
    [Fact]
    public void Llama_3_1s_own_settings_give_its_published_factors_at_the_three_bands()
    {
        // Llama 3.1 8B: theta 500000, head 128, factor 8, low 1, high 4, original context 8192. The highest frequencies
        // (wavelength under 2048) are kept, the lowest (over 8192) divided by 8, and between them smoothly.
        var factors = Llama3RopeFrequencies.Factors(new LlamaRopeScaling(LlamaRopeScaling.Llama3, 8, 1, 4, 8192), 500000, 128);

        Assert.Equal(64, factors.Length);
        Assert.All(factors.Take(20), f => Assert.Equal(1f, f));
        Assert.All(factors.Skip(50), f => Assert.Equal(8f, f));
        var between = factors.Where(f => f is > 1 and < 8).ToList();
        Assert.NotEmpty(between);
        Assert.Equal(between.Order(), between);
    }

    [Fact]
    public void A_smoothed_factor_is_one_over_the_blend_of_one_and_one_over_factor_with_the_original_context_from_rope_scaling()
    {
        // A head of 16 at theta 500000 with an original context of 256: dimension 2's wavelength, 2π·500000^(4/16) ≈ 167,
        // lies between 256/4 and 256/1, so it is smoothed; with the 8192 a converter might assume it would be kept (1).
        var scaling = new LlamaRopeScaling(LlamaRopeScaling.Llama3, 8, 1, 4, 256);
        var wavelength = 2 * Math.PI * Math.Pow(500000, 4.0 / 16);
        var smooth = ((256 / wavelength) - 1) / (4 - 1);

        var factors = Llama3RopeFrequencies.Factors(scaling, 500000, 16);

        Assert.Equal(1 / (((1 - smooth) / 8) + smooth), factors[2], 1e-5);
        Assert.InRange(factors[2], 3.5, 3.6);
        Assert.Equal([1f, 1f], factors.Take(2));
        Assert.All(factors.Skip(3), f => Assert.Equal(8f, f));
        Assert.Equal(1f, Llama3RopeFrequencies.Factors(scaling with { OriginalMaxPositionEmbeddings = 8192 }, 500000, 16)[2]);
    }
}
