using Microsoft.Extensions.AI;

namespace KoJudge.TestSupport;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a script, given the call's number and the last message's text,
/// and records what it was asked.
/// </summary>
internal sealed class ScriptedChatClient(Func<int, string, ChatResponse> script) : IChatClient
{
    public ScriptedChatClient(Func<int, ChatResponse> script)
        : this((call, _) => script(call))
    {
    }

    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> calls = [];

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls => calls;

    public static ChatResponse Reply(string text, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = finish ?? ChatFinishReason.Stop };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (calls)
        {
            var asked = messages.ToList();
            calls.Add((asked, options));
            return Task.FromResult(script(calls.Count - 1, asked[^1].Text));
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
