using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KoJudge.Judging;
using KoJudge.Serving;
using KoJudge.TestSupport;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving.Tests;

public sealed class OpenAIChatServerTests
{
    private const string Ask = """{"model": "m", "messages": [{"role": "user", "content": "q"}]}""";

    private static ScriptedChatClient Replying() => new(_ => ScriptedChatClient.Reply("Feedback: 좋다. [RESULT] 4"));

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage reply)
    {
        using var body = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.GetProperty("error").Clone();
    }

    private static string RequestId(HttpResponseMessage reply) => Assert.Single(reply.Headers.GetValues("x-request-id"));

    [Fact]
    public async Task An_engine_fault_answers_500_in_OpenAIs_shape_with_a_request_id_the_log_names_with_the_cause()
    {
        await using var server = await LoopbackServer.StartAsync(new FailingChatClient(new InvalidOperationException("the engine broke")), TestContext.Current.CancellationToken);

        var reply = await server.PostAsync(Ask, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
        Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
        var id = RequestId(reply);
        Assert.Matches("^req_[0-9a-f]{32}$", id);
        var error = await ErrorOf(reply);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains(id, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        Assert.StartsWith($"error: {id}: POST /v1/chat/completions failed: System.InvalidOperationException: the engine broke", server.Log, StringComparison.Ordinal);
        Assert.Contains("   at ", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackServer.Key, server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_engine_fault_ends_the_stream_with_an_error_event_naming_the_request()
    {
        await using var server = await LoopbackServer.StartAsync(new FailingChatClient(new InvalidOperationException("the engine broke")), TestContext.Current.CancellationToken);

        var reply = await server.PostAsync("""{"messages": [{"role": "user", "content": "q"}], "stream": true}""", TestContext.Current.CancellationToken);
        var events = (await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var id = RequestId(reply);
        Assert.DoesNotContain("data: [DONE]", events);
        using var last = JsonDocument.Parse(events[^1]["data: ".Length..]);
        var error = last.RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains(id, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"error: {id}: POST /v1/chat/completions failed: System.InvalidOperationException: the engine broke", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_refusal_mid_stream_ends_it_with_an_invalid_request_event_and_no_log()
    {
        await using var server = await LoopbackServer.StartAsync(new FailingChatClient(new EngineRefusalException(ErrorKind.PromptTooLong, "the prompt is longer than the context")), TestContext.Current.CancellationToken);

        var reply = await server.PostAsync("""{"messages": [{"role": "user", "content": "q"}], "stream": true}""", TestContext.Current.CancellationToken);
        var events = (await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        using var last = JsonDocument.Parse(events[^1]["data: ".Length..]);
        Assert.Equal("invalid_request_error", last.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("the prompt is longer than the context", last.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(server.Log);
    }

    [Theory]
    [MemberData(nameof(ChatCompletionRequestTests.FoundByAUser), MemberType = typeof(ChatCompletionRequestTests))]
    public async Task A_bad_field_answers_400_in_OpenAIs_shape_naming_it(string json, string? field)
    {
        await using var server = await LoopbackServer.StartAsync(Replying(), TestContext.Current.CancellationToken);

        var reply = await server.PostAsync(json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var error = await ErrorOf(reply);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(field, error.GetProperty("param").GetString());
        Assert.StartsWith($"'{field}' ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        Assert.Empty(server.Log);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_or_asks_for_another_model_is_refused_in_OpenAIs_shape()
    {
        await using var server = await LoopbackServer.StartAsync(Replying(), TestContext.Current.CancellationToken);

        var broken = await server.PostAsync("""{"messages": [""", TestContext.Current.CancellationToken);
        var other = await server.PostAsync("""{"model": "gpt-4o", "messages": [{"role": "user", "content": "q"}]}""", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.StartsWith("the body is not valid JSON", (await ErrorOf(broken)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var error = await ErrorOf(other);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("bEaReR")]
    public async Task The_bearer_scheme_is_read_in_any_case(string scheme)
    {
        await using var server = await LoopbackServer.StartAsync(Replying(), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "v1/chat/completions")) { Content = new StringContent(Ask) };
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, LoopbackServer.Key);
        using var anonymous = new HttpClient();

        var reply = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var completion = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Feedback: 좋다. [RESULT] 4", completion.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic " + LoopbackServer.Key)]
    [InlineData("Bearer" + LoopbackServer.Key)]
    [InlineData("Bearer " + LoopbackServer.Key + "x")]
    [InlineData(LoopbackServer.Key)]
    public async Task Anything_but_the_key_as_a_bearer_token_is_refused_with_401(string? authorization)
    {
        await using var server = await LoopbackServer.StartAsync(Replying(), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "v1/models"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var anonymous = new HttpClient();

        var reply = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        var error = await ErrorOf(reply);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_of_its_own()
    {
        await using var server = await LoopbackServer.StartAsync(Replying(), TestContext.Current.CancellationToken);

        var first = await server.Http.GetAsync(new Uri(server.Address, "health"), TestContext.Current.CancellationToken);
        var second = await server.PostAsync(Ask, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(RequestId(first), RequestId(second));
        Assert.StartsWith("req_", RequestId(second), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_key_is_refused_before_the_server_is_built(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => OpenAIChatServer.Build(Replying(), "m", key, "http://127.0.0.1:0"));

        Assert.Equal("apiKey", error.ParamName);
    }
}
