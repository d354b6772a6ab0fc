using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KoJudge.Cli.Tests.Support;

/// <summary>What the scripted server does with one request.</summary>
internal abstract record ScriptedReply
{
    public sealed record Text(string Content, string FinishReason = "stop") : ScriptedReply
    {
        /// <summary>Token log-probabilities to return: each token with its top alternatives.</summary>
        public IReadOnlyList<(string Token, double LogProb, (string Token, double LogProb)[] Top)>? Logprobs { get; init; }
    }

    /// <summary>A 200 whose body is not a chat completion.</summary>
    public sealed record MalformedBody(string Body) : ScriptedReply;

    /// <summary>An HTTP error, with a Retry-After header (in seconds) where given.</summary>
    public sealed record Status(int Code, int? RetryAfterSeconds = null, string Message = "scripted failure") : ScriptedReply;

    /// <summary>The connection dropped without a reply.</summary>
    public sealed record Reset : ScriptedReply;

    /// <summary>Another reply, after a wait.</summary>
    public sealed record Slow(TimeSpan Delay, ScriptedReply Then) : ScriptedReply;
}

/// <summary>One request as the server saw it.</summary>
internal sealed record RecordedRequest(string? Authorization, JsonObject Body)
{
    public DateTimeOffset ReceivedAt { get; } = DateTimeOffset.UtcNow;

    public string LastMessage => Body["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();

    public string FirstMessageRole => Body["messages"]!.AsArray()[0]!["role"]!.GetValue<string>();

    public string FirstMessage => Body["messages"]!.AsArray()[0]!["content"]!.GetValue<string>();
}

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 that answers from a script, keyed on the request
/// and on how often the same prompt was asked before, and records every request.
/// </summary>
internal sealed class ScriptedOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> askedBefore = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private ScriptedOpenAIServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => requests;

    /// <param name="requiredKey">A key every request, the model list's too, must carry as a bearer token; others get 401.</param>
    public static async Task<ScriptedOpenAIServer> StartAsync(Func<RecordedRequest, int, ScriptedReply> script, string? requiredKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedOpenAIServer(app);
        if (requiredKey is not null)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Headers.Authorization.ToString() != $"Bearer {requiredKey}")
                {
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsJsonAsync(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error" } });
                    return;
                }
                await next(context);
            });
        }
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            var request = new RecordedRequest(context.Request.Headers.Authorization.ToString(), body);
            server.requests.Enqueue(request);
            var attempt = server.askedBefore.AddOrUpdate(request.LastMessage, 0, (_, n) => n + 1);
            await Answer(context, body, script(request, attempt));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    private static async Task Answer(HttpContext context, JsonObject body, ScriptedReply reply)
    {
        context.Response.ContentType = "application/json";
        switch (reply)
        {
            case ScriptedReply.Text text:
                await context.Response.WriteAsync(Completion(body["model"]!.GetValue<string>(), text));
                break;
            case ScriptedReply.MalformedBody malformed:
                await context.Response.WriteAsync(malformed.Body);
                break;
            case ScriptedReply.Status status:
                context.Response.StatusCode = status.Code;
                if (status.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message = status.Message, type = status.Code < 500 ? "invalid_request_error" : "server_error" } }));
                break;
            case ScriptedReply.Reset:
                context.Abort();
                break;
            case ScriptedReply.Slow slow:
                try
                {
                    await Task.Delay(slow.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                await Answer(context, body, slow.Then);
                break;
        }
    }

    private static string Completion(string model, ScriptedReply.Text text) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-scripted",
        @object = "chat.completion",
        created = 1_700_000_000,
        model,
        choices = new[]
        {
            new
            {
                index = 0,
                message = new { role = "assistant", content = text.Content },
                logprobs = text.Logprobs is null ? null : new
                {
                    content = text.Logprobs.Select(t => new
                    {
                        token = t.Token,
                        logprob = t.LogProb,
                        bytes = System.Text.Encoding.UTF8.GetBytes(t.Token).Select(b => (int)b).ToArray(),
                        top_logprobs = t.Top.Select(a => new { token = a.Token, logprob = a.LogProb, bytes = System.Text.Encoding.UTF8.GetBytes(a.Token).Select(b => (int)b).ToArray() }).ToArray(),
                    }).ToArray(),
                },
                finish_reason = text.FinishReason,
            },
        },
        usage = new { prompt_tokens = 600, completion_tokens = 40, total_tokens = 640 },
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
