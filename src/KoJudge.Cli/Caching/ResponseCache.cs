using System.Text.Json;
using KoJudge.Judging;
using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Caching;

/// <summary>
/// Puts Microsoft.Extensions.AI's <see cref="DistributedCachingChatClient"/> in front of an engine, keyed on the full
/// request (messages and every option) and on the engine's fingerprint, so two models never share an entry.
/// </summary>
public static class ResponseCache
{
    /// <summary><c>$KOJUDGE_CACHE_DIR/responses.sqlite</c>, else <c>~/.cache/kojudge/responses.sqlite</c>.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Combine(
            environment("KOJUDGE_CACHE_DIR") is { Length: > 0 } dir
                ? dir
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kojudge"),
            "responses.sqlite");
    }

    public static IChatClient Wrap(IChatClient engine, string fingerprint, SqliteDistributedCache cache)
    {
        var json = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        // The in-process engine's score distribution travels in the reply and must come back from the cache too.
        json.AddAIContentType<ScoreDistributionContent>("kojudge_score_distribution");
        json.MakeReadOnly();
        return new MarkingCachingChatClient(engine, cache)
        {
            JsonSerializerOptions = json,
            CacheKeyAdditionalValues = [fingerprint],
        };
    }

    /// <summary>Marks each reply read from the cache (<see cref="CachedReply"/>), so runs count items, not cache reads.</summary>
    private sealed class MarkingCachingChatClient(IChatClient engine, SqliteDistributedCache cache) : DistributedCachingChatClient(engine, cache)
    {
        protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken) =>
            await base.ReadCacheAsync(key, cancellationToken).ConfigureAwait(false) is { } response ? CachedReply.Mark(response) : null;
    }
}
