using System.ClientModel;
using System.Text.RegularExpressions;
using KoJudge.Judging;
using Microsoft.Extensions.AI;

namespace KoJudge.OpenAI;

/// <summary>
/// Turns a server's refusals that asking again cannot mend, which the OpenAI SDK throws as a
/// <see cref="ClientResultException"/>, into an <see cref="EngineRefusalException"/> of their kind, so a judge fails
/// the item at once and says why: a refused key (HTTP 401, 403) is <see cref="ErrorKind.Unauthorized"/>, and a prompt
/// longer than the model's context (HTTP 400) is <see cref="ErrorKind.PromptTooLong"/>. Only whole replies are
/// translated; the judges ask for no streams.
/// </summary>
public sealed partial class ServerRefusalChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException e) when (e.Status is 401 or 403)
        {
            throw new EngineRefusalException(ErrorKind.Unauthorized, $"the server refused the key (HTTP {e.Status})", e);
        }
        catch (ClientResultException e) when (e.Status == 400 && IsPromptTooLong(e))
        {
            throw new EngineRefusalException(ErrorKind.PromptTooLong, $"the prompt does not fit the model's context (HTTP 400: {ErrorText(e)})", e);
        }
    }

    // A 400 says only "bad request"; which one it is, servers tell in words of their own, so their words are matched:
    // kojudge serve's, OpenAI's code and message, vLLM's old and new messages, and llama.cpp server's error type.
    [GeneratedRegex(
        @"context_length_exceeded|but a sequence holds \d+|maximum context length|longer than the maximum model length|too long to fit into the model|exceed_context_size|exceeds the available context size",
        RegexOptions.IgnoreCase)]
    private static partial Regex PromptTooLongWords();

    private static bool IsPromptTooLong(ClientResultException e) => PromptTooLongWords().IsMatch(e.Message + " " + ErrorText(e));

    // The server's own message where its body is OpenAI's error shape, else the start of the body.
    private static string ErrorText(ClientResultException e)
    {
        var body = e.GetRawResponse()?.Content?.ToString() ?? "";
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the body itself says what there is to say.
        }
        return body.Length > 300 ? body[..300] + "…" : body;
    }
}
