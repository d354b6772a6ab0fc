using System.ClientModel;
using KoJudge.Judging;
using Microsoft.Extensions.AI;

namespace KoJudge.OpenAI;

/// <summary>
/// Turns a server's refusal of the key (HTTP 401 or 403, which the OpenAI SDK throws as a
/// <see cref="ClientResultException"/>) into an <see cref="EngineRefusalException"/> of kind
/// <see cref="ErrorKind.Unauthorized"/>, so a judge fails the item at once and says why, instead of asking again with
/// the same key. Only whole replies are translated; the judges ask for no streams.
/// </summary>
public sealed class KeyRefusalChatClient(IChatClient inner) : DelegatingChatClient(inner)
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
    }
}
