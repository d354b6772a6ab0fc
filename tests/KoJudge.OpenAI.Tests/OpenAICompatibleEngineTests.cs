using KoJudge.OpenAI;

namespace KoJudge.OpenAI.Tests;

public sealed class OpenAICompatibleEngineTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8000", "http://127.0.0.1:8000/v1")]
    [InlineData("http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1")]
    [InlineData("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1")]
    [InlineData("https://gpu-box:443/api/openai/v1", "https://gpu-box/api/openai/v1")]
    public void A_bare_host_gets_the_v1_path_every_such_server_serves(string given, string expected)
    {
        Assert.Equal(new Uri(expected), OpenAICompatibleEngine.NormalizeEndpoint(new Uri(given)));
    }

    [Fact]
    public void Refuses_a_missing_model()
    {
        Assert.Throws<ArgumentException>(() => OpenAICompatibleEngine.CreateChatClient(new Uri("http://127.0.0.1:1/v1"), " ", null, TimeSpan.FromSeconds(1)));
    }
}
