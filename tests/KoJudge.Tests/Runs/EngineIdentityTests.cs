using KoJudge.Runs;

namespace KoJudge.Tests.Runs;

public sealed class EngineIdentityTests
{
    [Fact]
    public void Identities_with_the_same_adapters_are_equal_though_their_lists_are_not_the_same_object()
    {
        var one = new EngineIdentity("llama.cpp", "m.gguf:1") { Adapters = [new AdapterIdentity("a.gguf:2", 0.5f)] };
        var other = new EngineIdentity("llama.cpp", "m.gguf:1") { Adapters = [new AdapterIdentity("a.gguf:2", 0.5f)] };

        Assert.Equal(one, other);
        Assert.Equal(one.GetHashCode(), other.GetHashCode());
        Assert.NotEqual(one, other with { Adapters = [new AdapterIdentity("a.gguf:2", 1f)] });
    }

    [Fact]
    public void A_part_left_at_its_default_is_not_written()
    {
        Assert.Equal("kind|model", new EngineIdentity("kind", "model").Canonical);
        Assert.Equal("kind|model|constrain=False|logprobs|a:0.25", new EngineIdentity("kind", "model")
        {
            ConstrainVerdict = false,
            Logprobs = true,
            Adapters = [new AdapterIdentity("a", 0.25f)],
        }.Canonical);
    }
}
