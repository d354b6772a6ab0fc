using System.Text.Json;
using KoJudge.Judging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

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
        return Path.Combine(CacheDirectory.Of(environment), "responses.sqlite");
    }

    /// <param name="onCacheError">Told, once, that the cache failed; judging then goes on as if every read missed.</param>
    public static IChatClient Wrap(IChatClient engine, string fingerprint, IDistributedCache cache, Action<string>? onCacheError = null)
    {
        var json = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        // The in-process engine's score distribution travels in the reply and must come back from the cache too.
        json.AddAIContentType<ScoreDistributionContent>("kojudge_score_distribution");
        json.MakeReadOnly();
        return new MarkingCachingChatClient(engine, cache, onCacheError)
        {
            JsonSerializerOptions = json,
            CacheKeyAdditionalValues = [fingerprint],
        };
    }

    /// <summary>
    /// Marks each reply read from the cache (<see cref="CachedReply"/>), so runs count items, not cache reads; and keeps
    /// a failing cache (a full disk, a file another program broke) from failing judgments the engine has answered.
    /// </summary>
    private sealed class MarkingCachingChatClient(IChatClient engine, IDistributedCache cache, Action<string>? onCacheError) : DistributedCachingChatClient(engine, cache)
    {
        private int reported;

        protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
        {
            try
            {
                return await base.ReadCacheAsync(key, cancellationToken).ConfigureAwait(false) is { } response ? CachedReply.Mark(response) : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Report(e);
                return null;
            }
        }

        protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
        {
            try
            {
                await base.WriteCacheAsync(key, value, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Report(e);
            }
        }

        private void Report(Exception e)
        {
            if (Interlocked.Exchange(ref reported, 1) == 0)
            {
                onCacheError?.Invoke(e.Message);
            }
        }
    }
}
