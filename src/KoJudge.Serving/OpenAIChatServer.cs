using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KoJudge.Serving;

/// <summary>
/// Serves an <see cref="IChatClient"/> the way OpenAI's API does, so any OpenAI client — the official SDKs, vLLM
/// tooling, KoJudge's own HTTP engine — can use it: <c>POST /v1/chat/completions</c> (plain, or streamed as
/// server-sent events ending with <c>[DONE]</c>), <c>GET /v1/models</c> and <c>GET /health</c>.
/// With an API key set, every request but <c>/health</c> must bring it as a bearer token. Every response carries an
/// <c>x-request-id</c>; errors come in OpenAI's shape, naming the field at fault, and a 500 names its request id.
/// </summary>
public static class OpenAIChatServer
{
    /// <summary>
    /// Builds the server; <paramref name="log"/> gets a line for each request that failed on the server's side
    /// (a 500), with its request id and the exception, so a client's report can be matched to its cause.
    /// </summary>
    public static WebApplication Build(IChatClient client, string modelId, string? apiKey, string url, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (apiKey is not null && string.IsNullOrWhiteSpace(apiKey))
        {
            // No client can send a blank bearer token, so such a server would refuse everyone.
            throw new ArgumentException("The API key is empty or blank.", nameof(apiKey));
        }
        var key = apiKey is null ? null : Encoding.UTF8.GetBytes(apiKey);
        var faults = log is null ? TextWriter.Null : TextWriter.Synchronized(log);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.Use(async (context, next) => await WithRequestIdAsync(context, next, faults).ConfigureAwait(false));
        app.Use(async (context, next) =>
        {
            if (key is not null && context.Request.Path != "/health" && !HasKey(context.Request.Headers.Authorization.ToString(), key))
            {
                await Error(context, StatusCodes.Status401Unauthorized, "a valid API key is required (Authorization: Bearer …)", code: "invalid_api_key").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/health", () => Results.Json(new { status = "ok", model = modelId }));
        app.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = modelId, @object = "model", created = Created(), owned_by = "kojudge" } },
        }));
        app.MapPost("/v1/chat/completions", async context => await CompleteAsync(context, client, modelId).ConfigureAwait(false));
        return app;
    }

    private static async Task CompleteAsync(HttpContext context, IChatClient client, string modelId)
    {
        ChatCompletionRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            request = ChatCompletionRequest.Parse(body.RootElement);
        }
        catch (JsonException e)
        {
            await Error(context, StatusCodes.Status400BadRequest, $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})").ConfigureAwait(false);
            return;
        }
        catch (BadRequestException e)
        {
            await Error(context, StatusCodes.Status400BadRequest, e.Message, param: e.Field).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while reading the body, e.g. one larger than it takes (413).
            await Error(context, e.StatusCode, e.Message).ConfigureAwait(false);
            return;
        }
        if (request.Model is not null && request.Model != modelId)
        {
            await Error(context, StatusCodes.Status404NotFound, $"this server serves '{modelId}', not '{request.Model}'", param: "model", code: "model_not_found").ConfigureAwait(false);
            return;
        }
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, client, request, id, modelId).ConfigureAwait(false);
                return;
            }
            var response = await client.GetResponseAsync(request.Messages, request.Options, context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(new
            {
                id,
                @object = "chat.completion",
                created = Created(),
                model = modelId,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = response.Text }, logprobs = Logprobs(response.Messages.SelectMany(m => m.Contents), request.TopLogprobs), finish_reason = FinishReason(response.FinishReason) } },
                usage = Usage(response.Usage),
            }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KoJudge.Judging.EngineRefusalException or ArgumentException)
        {
            // The engine refused the request itself, e.g. a prompt longer than its context, which gets OpenAI's own code
            // for it so that clients (KoJudge's HTTP engine among them) know not to ask again.
            var tooLong = e is KoJudge.Judging.EngineRefusalException { Kind: KoJudge.Judging.ErrorKind.PromptTooLong };
            await Error(context, StatusCodes.Status400BadRequest, e.Message, code: tooLong ? "context_length_exceeded" : null).ConfigureAwait(false);
        }
    }

    private static async Task StreamAsync(HttpContext context, IChatClient client, ChatCompletionRequest request, string id, string modelId)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var created = Created();
        async Task Send(object delta, string? finishReason, object? usage = null, object? logprobs = null)
        {
            var chunk = JsonSerializer.Serialize(new
            {
                id,
                @object = "chat.completion.chunk",
                created,
                model = modelId,
                choices = new[] { new { index = 0, delta, logprobs, finish_reason = finishReason } },
                usage,
            });
            await context.Response.WriteAsync($"data: {chunk}\n\n", context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        await Send(new { role = "assistant", content = "" }, null).ConfigureAwait(false);
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        var contents = new List<AIContent>();
        await foreach (var update in client.GetStreamingResponseAsync(request.Messages, request.Options, context.RequestAborted).ConfigureAwait(false))
        {
            finish ??= update.FinishReason;
            usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
            contents.AddRange(update.Contents.OfType<KoJudge.Judging.TokenLogprobsContent>());
            if (update.Text.Length > 0)
            {
                await Send(new { content = update.Text }, null).ConfigureAwait(false);
            }
        }
        // The engine knows its tokens' log-probabilities once the reply is done, so the closing chunk carries them all;
        // clients join every chunk's logprobs.content, as the OpenAI SDKs do, and get the whole list.
        await Send(new { }, FinishReason(finish), Usage(usage), Logprobs(contents, request.TopLogprobs)).ConfigureAwait(false);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted).ConfigureAwait(false);
    }

    // OpenAI's shape: each token with its log-probability, its bytes and its top alternatives.
    private static object? Logprobs(IEnumerable<AIContent> contents, int? top)
    {
        if (top is not { } count || contents.OfType<KoJudge.Judging.TokenLogprobsContent>().LastOrDefault() is not { } logprobs)
        {
            return null;
        }
        static int[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();
        return new
        {
            content = logprobs.Tokens.Select(t => new
            {
                token = t.Token,
                logprob = t.LogProbability,
                bytes = Bytes(t.Token),
                top_logprobs = t.Top.Take(count).Select(a => new { token = a.Token, logprob = a.LogProbability, bytes = Bytes(a.Token) }).ToArray(),
            }).ToArray(),
        };
    }

    private static object? Usage(UsageDetails? usage) => usage is null ? null : new
    {
        prompt_tokens = usage.InputTokenCount ?? 0,
        completion_tokens = usage.OutputTokenCount ?? 0,
        total_tokens = (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0),
    };

    private static string FinishReason(ChatFinishReason? reason) => reason == ChatFinishReason.Length ? "length" : "stop";

    private static long Created() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    // Every response names its request, as OpenAI's do, so a client's report of a failure can be found in the log.
    private static async Task WithRequestIdAsync(HttpContext context, RequestDelegate next, TextWriter log)
    {
        var requestId = $"req_{Guid.NewGuid():N}";
        context.Response.Headers["x-request-id"] = requestId;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: no one is left to answer, and nothing failed on the server's side.
        }
        catch (Exception e)
        {
            // Kestrel alone would answer an empty 500 and say nothing; the client gets the id, the log gets the cause.
            await log.WriteLineAsync($"error: {requestId}: {context.Request.Method} {context.Request.Path} failed: {e}").ConfigureAwait(false);
            await log.FlushAsync().ConfigureAwait(false);
            await Error(context, StatusCodes.Status500InternalServerError, $"the server failed on request {requestId}; its log names the cause", type: "server_error").ConfigureAwait(false);
        }
    }

    // RFC 7235: the scheme's name is case-insensitive, and spaces part it from the token.
    private static bool HasKey(string authorization, byte[] key)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !authorization.AsSpan(0, space).Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // In fixed time, so the key cannot be guessed a byte at a time from how long a refusal takes.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[(space + 1)..].TrimStart(' ')), key);
    }

    // OpenAI's error shape. Once a stream has begun its status is sent, so the error goes as its last event, which the
    // OpenAI SDKs raise; a plain reply broken off half-written can only be cut.
    private static async Task Error(HttpContext context, int status, string message, string type = "invalid_request_error", string? param = null, string? code = null)
    {
        var body = new { error = new { message, type, param, code } };
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(body).ConfigureAwait(false);
        }
        else if (context.Response.ContentType == "text/event-stream")
        {
            await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(body)}\n\n").ConfigureAwait(false);
        }
        else
        {
            context.Abort();
        }
    }
}
