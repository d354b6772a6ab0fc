using System.ClientModel;
using System.ClientModel.Primitives;
using KoJudge.Runs;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using OpenAI;
using OpenAI.Chat;
using Polly;

namespace KoJudge.OpenAI;

/// <summary>
/// The HTTP engine: an <see cref="IChatClient"/> over any OpenAI-compatible chat-completions server
/// (vLLM, llama.cpp's server, Ollama, OpenAI itself), through Microsoft.Extensions.AI.OpenAI.
/// </summary>
public static class OpenAICompatibleEngine
{
    // Local servers take any key, but the OpenAI SDK refuses an empty one.
    private const string NoKey = "no-key";

    /// <summary>
    /// What decides this engine's replies, for the request hash: the served model's name and whether logprobs are asked
    /// for. The address is left out, so replicas of one model, or a server that moved, share their results.
    /// </summary>
    public static EngineIdentity Identity(string model, bool logprobs) => new("openai-compatible", model) { Logprobs = logprobs };

    /// <param name="endpoint">The API base, e.g. <c>http://127.0.0.1:8000/v1</c>. A bare host gets <c>/v1</c>, as every such server serves it there.</param>
    /// <param name="model">The served model's name.</param>
    /// <param name="apiKey">The key, or null for servers that need none. It is sent as a bearer token and nowhere else.</param>
    /// <param name="timeout">How long one request may take; judging an item on a busy CPU server can take minutes.</param>
    public static IChatClient CreateChatClient(Uri endpoint, string model, string? apiKey, TimeSpan timeout) =>
        CreateChatClient(endpoint, model, apiKey, new HttpFaultPolicy { Timeout = timeout });

    /// <param name="faults">Timeouts and retries; the SDK's own retries are off, so a request is retried in one place.</param>
    public static IChatClient CreateChatClient(Uri endpoint, string model, string? apiKey, HttpFaultPolicy faults)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(faults);
        var options = new OpenAIClientOptions
        {
            Endpoint = NormalizeEndpoint(endpoint),
            Transport = new HttpClientPipelineTransport(ResilientHttpClient(faults)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? NoKey : apiKey), options);
        var chatClient = client.GetChatClient(model).AsIChatClient();
        return new ServerRefusalChatClient(IsOpenAI(options.Endpoint) ? chatClient : chatClient.AsBuilder().ConfigureOptions(AlsoSendMaxTokens).Build());
    }

    // Microsoft.Extensions.Http.Resilience's HTTP strategies: its retry already treats 408, 429, 5xx, dropped
    // connections and attempt timeouts as transient, and waits out a Retry-After header.
    private static HttpClient ResilientHttpClient(HttpFaultPolicy faults)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (faults.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = faults.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = faults.BaseDelay,
                ShouldRetryAfterHeader = true,
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.Message ?? "failure";
                    faults.OnRetry?.Invoke($"{reason}; retry {args.AttemptNumber + 1} of {faults.MaxRetries} in {args.RetryDelay.TotalSeconds:0.###} s");
                    return default;
                },
            });
        }
        var pipeline = builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = faults.Timeout }).Build();
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private static bool IsOpenAI(Uri endpoint) => endpoint.Host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase);

    // The OpenAI SDK sends only max_completion_tokens, which some servers ignore (Ollama's and older llama.cpp
    // and vLLM builds read max_tokens), so a judge could run past its limit there. Others get both fields;
    // OpenAI itself refuses max_tokens for its newer models, so it gets the SDK's field alone.
#pragma warning disable SCME0001 // JsonPatch is the SDK's own way to add a field it does not model.
    private static void AlsoSendMaxTokens(ChatOptions options)
    {
        if (options.MaxOutputTokens is not { } maxTokens)
        {
            return;
        }
        var previous = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.Patch.Set("$.max_tokens"u8, maxTokens);
            return raw;
        };
    }
#pragma warning restore SCME0001

    /// <summary>Appends <c>/v1</c> to an endpoint given without a path.</summary>
    public static Uri NormalizeEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, "/v1") : endpoint;
    }
}
