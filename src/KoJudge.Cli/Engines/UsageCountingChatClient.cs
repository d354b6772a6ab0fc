using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Engines;

/// <summary>Adds up the tokens an engine reports, for throughput figures.</summary>
public sealed class UsageCountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private long inputTokens;
    private long outputTokens;

    public long InputTokens => Interlocked.Read(ref inputTokens);

    public long OutputTokens => Interlocked.Read(ref outputTokens);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref inputTokens, response.Usage?.InputTokenCount ?? 0);
        Interlocked.Add(ref outputTokens, response.Usage?.OutputTokenCount ?? 0);
        return response;
    }
}
