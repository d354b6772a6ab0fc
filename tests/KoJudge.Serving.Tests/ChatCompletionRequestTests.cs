using System.Text.Json;
using KoJudge.Judging;
using KoJudge.Serving;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving.Tests;

public sealed class ChatCompletionRequestTests
{
    private static ChatCompletionRequest Parse(string json) => ChatCompletionRequest.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Reads_messages_and_the_sampling_settings()
    {
        var request = Parse("""
            {"model": "m", "messages": [{"role": "system", "content": "심판"}, {"role": "user", "content": [{"type": "text", "text": "안"}, {"type": "image_url"}, {"type": "text", "text": "녕"}]}],
             "max_tokens": 100, "max_completion_tokens": 64, "temperature": 0.5, "seed": 7, "stop": "<|eot_id|>", "stream": true, "logprobs": true, "top_logprobs": 3}
            """);

        Assert.Equal([ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("안녕", request.Messages[1].Text);
        Assert.Equal(64, request.Options.MaxOutputTokens);
        Assert.Equal(0.5f, request.Options.Temperature);
        Assert.Equal(7, request.Options.Seed);
        Assert.Equal(["<|eot_id|>"], request.Options.StopSequences!);
        Assert.True(request.Stream);
        Assert.Equal("m", request.Model);
        Assert.Equal(3, request.TopLogprobs);
        Assert.Equal(3, request.Options.AdditionalProperties![TokenLogprobsContent.TopLogprobsOption]);
    }

    [Fact]
    public void Logprobs_without_alternatives_still_ask_the_engine_for_the_chosen_tokens()
    {
        var request = Parse("""{"messages": [{"role": "user", "content": "q"}], "logprobs": true, "stop": ["a", "b"]}""");

        Assert.Equal(0, request.TopLogprobs);
        Assert.Equal(1, request.Options.AdditionalProperties![TokenLogprobsContent.TopLogprobsOption]);
        Assert.Equal(["a", "b"], request.Options.StopSequences!);
        Assert.False(request.Stream);
    }

    [Theory]
    [InlineData("""[]""", null)]
    [InlineData("""{"messages": []}""", "messages")]
    [InlineData("""{"messages": [{"content": "q"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "user", "content": 5}]}""", "messages[0].content")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_tokens": -1}""", "max_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": 3}""", "stop")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "logprobs": true, "top_logprobs": 50}""", "top_logprobs")]
    public void A_request_it_cannot_read_names_the_field(string json, string? field)
    {
        var error = Assert.Throws<BadRequestException>(() => Parse(json));

        Assert.Equal(field, error.Field);
        if (field is not null)
        {
            Assert.StartsWith($"'{field}' ", error.Message, StringComparison.Ordinal);
        }
    }
}
