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
/// With an API key set, every request but <c>/health</c> must bring it as a bearer token.
/// </summary>
public static class OpenAIChatServer
{
    public static WebApplication Build(IChatClient client, string modelId, string? apiKey, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (apiKey is not null && context.Request.Path != "/health" && context.Request.Headers.Authorization != $"Bearer {apiKey}")
            {
                await Error(context, StatusCodes.Status401Unauthorized, "invalid_api_key", "a valid API key is required (Authorization: Bearer …)").ConfigureAwait(false);
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
        catch (Exception e) when (e is JsonException or BadRequestException)
        {
            await Error(context, StatusCodes.Status400BadRequest, "invalid_request_error", e is JsonException ? "the body is not valid JSON" : e.Message).ConfigureAwait(false);
            return;
        }
        if (request.Model is not null && request.Model != modelId)
        {
            await Error(context, StatusCodes.Status404NotFound, "model_not_found", $"this server serves '{modelId}', not '{request.Model}'").ConfigureAwait(false);
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
            // The engine refused the request itself, e.g. a prompt longer than its context.
            await Error(context, StatusCodes.Status400BadRequest, "invalid_request_error", e.Message).ConfigureAwait(false);
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

    private static Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type = code, code } });
    }
}
