using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving.Tests;

/// <summary>An engine that fails every request with one exception, plain or streamed, after it has begun.</summary>
internal sealed class FailingChatClient(Exception fault) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        throw fault;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Feedback: ");
        await Task.Yield();
        throw fault;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
