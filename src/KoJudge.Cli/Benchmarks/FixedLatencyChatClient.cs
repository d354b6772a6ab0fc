using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Benchmarks;

/// <summary>
/// A stand-in engine for measuring KoJudge's own HTTP path: every reply takes the same time and holds a verdict,
/// so what a benchmark sees beyond items × latency / concurrency is KoJudge's cost.
/// </summary>
public sealed class FixedLatencyChatClient(TimeSpan latency) : IChatClient
{
    private const string Reply = "Feedback: 풀이가 정확하고 설명이 명확하다. [RESULT] 4";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply)) { FinishReason = ChatFinishReason.Stop };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        yield return new ChatResponseUpdate(ChatRole.Assistant, Reply) { FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
