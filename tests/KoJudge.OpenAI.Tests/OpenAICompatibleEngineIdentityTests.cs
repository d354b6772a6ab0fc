using KoJudge.OpenAI;

namespace KoJudge.OpenAI.Tests;

public sealed class OpenAICompatibleEngineIdentityTests
{
    // Written out by hand from the string the CLI built before the identity moved here: result files and response
    // caches hold hashes of it, so a change here makes every user's results stale.
    [Theory]
    [InlineData(false, "openai-compatible|Qwen/Qwen2.5-7B-Instruct")]
    [InlineData(true, "openai-compatible|Qwen/Qwen2.5-7B-Instruct|logprobs")]
    public void The_identity_is_the_string_results_were_hashed_with(bool logprobs, string expected)
    {
        Assert.Equal(expected, OpenAICompatibleEngine.Identity("Qwen/Qwen2.5-7B-Instruct", logprobs).Canonical);
    }
}
