using System.Text.Json;
using KoJudge.Judging;
using KoJudge.Serving;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving.Tests;

public sealed class ChatCompletionRequestTests
{
    private const string Ask = """{"role": "user", "content": "q"}""";

    private static ChatCompletionRequest Parse(string json) => ChatCompletionRequest.Parse(JsonDocument.Parse(json).RootElement);

    // A request with one user message and the given fields besides.
    private static string With(string fields) => $$"""{"messages": [{{Ask}}], {{fields}}}""";

    [Fact]
    public void Reads_messages_and_the_sampling_settings()
    {
        var request = Parse("""
            {"model": "m", "messages": [{"role": "system", "content": "심판"}, {"role": "user", "content": [{"type": "text", "text": "안"}, {"type": "text", "text": "녕"}]}],
             "max_tokens": 100, "max_completion_tokens": 64, "temperature": 0.5, "top_p": 0.9, "seed": 7, "stop": "<|eot_id|>", "stream": true, "logprobs": true, "top_logprobs": 3, "n": 1}
            """);

        Assert.Equal([ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("안녕", request.Messages[1].Text);
        Assert.Equal(64, request.Options.MaxOutputTokens);
        Assert.Equal(0.5f, request.Options.Temperature);
        Assert.Equal(0.9f, request.Options.TopP);
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
        var request = Parse(With("""
            "logprobs": true, "stop": ["a", "b"]
            """));

        Assert.Equal(0, request.TopLogprobs);
        Assert.Equal(1, request.Options.AdditionalProperties![TokenLogprobsContent.TopLogprobsOption]);
        Assert.Equal(["a", "b"], request.Options.StopSequences!);
        Assert.False(request.Stream);
    }

    [Fact]
    public void Nulls_read_as_absent_and_the_edges_of_each_range_are_taken()
    {
        var nulls = Parse(With("""
            "model": null, "temperature": null, "top_p": null, "seed": null, "n": null, "max_tokens": null, "stop": null, "logprobs": null, "top_logprobs": null, "stream": null, "tools": []
            """));
        var edges = Parse(With("""
            "temperature": 2, "top_p": 0, "seed": -9223372036854775808, "max_tokens": 2147483647, "logprobs": true, "top_logprobs": 20, "stop": ["a", "b", "c", "d"]
            """));
        var other = Parse(With("""
            "temperature": 0, "top_p": 1, "seed": 9223372036854775807, "logprobs": false, "stream": false
            """));

        Assert.Null(nulls.Model);
        Assert.Null(nulls.TopLogprobs);
        Assert.Null(nulls.Options.Temperature);
        Assert.Null(nulls.Options.Seed);
        Assert.Null(nulls.Options.MaxOutputTokens);
        Assert.Equal(2f, edges.Options.Temperature);
        Assert.Equal(long.MinValue, edges.Options.Seed);
        Assert.Equal(int.MaxValue, edges.Options.MaxOutputTokens);
        Assert.Equal(20, edges.TopLogprobs);
        Assert.Equal(4, edges.Options.StopSequences!.Count);
        Assert.Equal(long.MaxValue, other.Options.Seed);
        Assert.Null(other.TopLogprobs);
    }

    [Fact]
    public void Every_served_role_is_read_and_an_assistant_may_go_without_content()
    {
        var request = Parse("""
            {"messages": [{"role": "developer", "content": "d"}, {"role": "system", "content": "s", "name": "judge"}, {"role": "user", "content": "😀"},
                          {"role": "assistant", "content": null}, {"role": "assistant"}, {"role": "assistant", "content": "a", "tool_calls": []}]}
            """);

        Assert.Equal(["developer", "system", "user", "assistant", "assistant", "assistant"], request.Messages.Select(m => m.Role.Value));
        Assert.Equal(["d", "s", "😀", "", "", "a"], request.Messages.Select(m => m.Text));
    }

    /// <summary>The bad requests a user found, each with the field it gets wrong; the server tests send them too.</summary>
    public static TheoryData<string, string?> FoundByAUser => new()
    {
        // Answered with an empty 500.
        { """{"messages": [{"role": "user", "content": "q"}], "seed": 99999999999999999999}""", "seed" },
        { """{"messages": [{"role": "user", "content": "q"}], "seed": 1.5}""", "seed" },
        { """{"messages": [{"role": "user", "content": "q"}], "seed": 9223372036854775808}""", "seed" },
        { """{"messages": [5]}""", "messages[0]" },
        { """{"messages": [{"role": "user", "content": "\ud800"}]}""", "messages[0].content" },
        // Ignored in silence; "16" for max_tokens was refused already.
        { """{"messages": [{"role": "user", "content": "q"}], "temperature": "hot"}""", "temperature" },
        { """{"messages": [{"role": "user", "content": "q"}], "temperature": -5}""", "temperature" },
        { """{"messages": [{"role": "user", "content": "q"}], "temperature": 1e400}""", "temperature" },
        { """{"messages": [{"role": "user", "content": "q"}], "logprobs": "yes"}""", "logprobs" },
        { """{"messages": [{"role": "user", "content": "q"}], "stream": "yes"}""", "stream" },
        { """{"messages": [{"role": "user", "content": "q"}], "seed": "abc"}""", "seed" },
        { """{"messages": [{"role": "user", "content": "q"}], "model": 5}""", "model" },
        { """{"messages": [{"role": "wizard", "content": "q"}]}""", "messages[0].role" },
        { """{"messages": [{"role": "user", "content": "q"}], "n": 2}""", "n" },
        { """{"messages": [{"role": "user", "content": "q"}], "max_tokens": "16"}""", "max_tokens" },
    };

    [Theory]
    [MemberData(nameof(FoundByAUser))]
    // The rest of OpenAI's types and ranges.
    [InlineData("""[]""", null)]
    [InlineData("""{}""", "messages")]
    [InlineData("""{"messages": []}""", "messages")]
    [InlineData("""{"messages": {"role": "user", "content": "q"}}""", "messages")]
    [InlineData("""{"messages": [{"content": "q"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": 1, "content": "q"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "User", "content": "q"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "tool", "content": "q", "tool_call_id": "c"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "function", "content": "q", "name": "f"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "tool_calls": [{"id": "c"}]}]}""", "messages[1].tool_calls")]
    [InlineData("""{"messages": [{"role": "assistant", "function_call": {"name": "f"}}]}""", "messages[0].function_call")]
    [InlineData("""{"messages": [{"role": "user"}]}""", "messages[0].content")]
    [InlineData("""{"messages": [{"role": "system", "content": null}]}""", "messages[0].content")]
    [InlineData("""{"messages": [{"role": "user", "content": 5}]}""", "messages[0].content")]
    [InlineData("""{"messages": [{"role": "user", "content": ["q"]}]}""", "messages[0].content[0]")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"text": "q"}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "text"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages": [{"role": "user", "content": [{"type": "text", "text": "a\udc00"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"messages": [{"role": "user", "content": "q", "name": 5}]}""", "messages[0].name")]
    [InlineData("""{"messages": [{"role": "\ud800", "content": "q"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "model": "\udfff"}""", "model")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "temperature": 2.0001}""", "temperature")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "temperature": true}""", "temperature")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "top_p": 1.5}""", "top_p")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "top_p": -0.1}""", "top_p")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "n": 0}""", "n")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "n": "1"}""", "n")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_tokens": -1}""", "max_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_tokens": 0}""", "max_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_tokens": 16.0}""", "max_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_tokens": 2147483648}""", "max_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_completion_tokens": 64, "max_tokens": "16"}""", "max_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "max_completion_tokens": 1.5}""", "max_completion_tokens")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": 3}""", "stop")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": ["a", "b", "c", "d", "e"]}""", "stop")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": ["a", 3]}""", "stop[1]")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": ["a", null]}""", "stop[1]")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": "\ud800"}""", "stop")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "logprobs": 1}""", "logprobs")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "logprobs": true, "top_logprobs": 50}""", "top_logprobs")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "logprobs": true, "top_logprobs": -1}""", "top_logprobs")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "logprobs": true, "top_logprobs": "3"}""", "top_logprobs")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "top_logprobs": 3}""", "top_logprobs")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "logprobs": false, "top_logprobs": 3}""", "top_logprobs")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stream": 1}""", "stream")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "tools": [{"type": "function"}]}""", "tools")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "functions": [{"name": "f"}]}""", "functions")]
    public void A_request_it_cannot_read_names_the_field(string json, string? field)
    {
        var error = Assert.Throws<BadRequestException>(() => Parse(json));

        Assert.Equal(field, error.Field);
        if (field is not null)
        {
            Assert.StartsWith($"'{field}' ", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "seed": 99999999999999999999}""", "'seed' must be a whole number within 64 bits, not 99999999999999999999")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "temperature": "hot"}""", "'temperature' must be a number from 0 to 2, not \"hot\"")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "n": 2}""", "'n' must be 1 (only n=1 is served), not 2")]
    [InlineData("""{"messages": [5]}""", "'messages[0]' must be an object with a role and content, not 5")]
    [InlineData("""{"messages": [{"role": "wizard", "content": "q"}]}""", "'messages[0].role' must be one of system, user, assistant, developer, not \"wizard\"")]
    [InlineData("""{"messages": [{"role": "tool", "content": "q"}]}""", "'messages[0].role' cannot be \"tool\": this server does not call tools")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "temperature": "0123456789012345678901234567890123456789_"}""", "'temperature' must be a number from 0 to 2, not \"012345678901234567890123456789012345678…")]
    [InlineData("""{"messages": [{"role": "user", "content": "q"}], "stop": ["a", "b", "c", "d", "e"]}""", "'stop' must be a string or an array of up to 4 strings, not an array of 5")]
    public void The_message_says_what_the_field_must_be_and_what_it_was(string json, string message)
    {
        var error = Assert.Throws<BadRequestException>(() => Parse(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_lone_surrogate_is_named_as_such()
    {
        var error = Assert.Throws<BadRequestException>(() => Parse("""{"messages": [{"role": "user", "content": "a\ud800b"}]}"""));

        Assert.Contains("lone surrogate", error.Message, StringComparison.Ordinal);
    }
}
