using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace KoJudge.OpenAI;

/// <summary>
/// The HTTP engine: an <see cref="IChatClient"/> over any OpenAI-compatible chat-completions server
/// (vLLM, llama.cpp's server, Ollama, OpenAI itself), through Microsoft.Extensions.AI.OpenAI.
/// </summary>
public static class OpenAICompatibleEngine
{
    // Local servers take any key, but the OpenAI SDK refuses an empty one.
    private const string NoKey = "no-key";

    /// <param name="endpoint">The API base, e.g. <c>http://127.0.0.1:8000/v1</c>. A bare host gets <c>/v1</c>, as every such server serves it there.</param>
    /// <param name="model">The served model's name.</param>
    /// <param name="apiKey">The key, or null for servers that need none. It is sent as a bearer token and nowhere else.</param>
    /// <param name="timeout">How long one request may take; judging an item on a busy CPU server can take minutes.</param>
    public static IChatClient CreateChatClient(Uri endpoint, string model, string? apiKey, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var options = new OpenAIClientOptions { Endpoint = NormalizeEndpoint(endpoint), NetworkTimeout = timeout };
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? NoKey : apiKey), options);
        var chatClient = client.GetChatClient(model).AsIChatClient();
        return IsOpenAI(options.Endpoint) ? chatClient : chatClient.AsBuilder().ConfigureOptions(AlsoSendMaxTokens).Build();
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
