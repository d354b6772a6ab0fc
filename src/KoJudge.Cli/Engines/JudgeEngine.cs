using KoJudge.LlamaCpp;
using KoJudge.Runs;
using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Engines;

/// <summary>The engine a command judges with: its chat client, what it is, and how many items to keep in flight.</summary>
public sealed class JudgeEngine(IChatClient chatClient, string description, EngineIdentity identity, int concurrency, LlamaCppEngine? inProcess = null) : IAsyncDisposable
{
    /// <summary>The response cache in front of the engine, or null with <c>--no-cache</c>.</summary>
    public Caching.SqliteDistributedCache? Cache { get; private set; }

    /// <summary>What decides this engine's replies, for the request hash: kind, model, adapters, grammar; never an address or a key.</summary>
    public EngineIdentity Identity { get; } = identity;

    /// <summary>The identity as the request hash and the response cache take it.</summary>
    public string Fingerprint => Identity.Canonical;

    public IChatClient ChatClient { get; private set; } = chatClient;

    /// <summary>One line for the user: which engine, which model.</summary>
    public string Description { get; } = description;

    /// <summary>Items to judge at once: the in-process engine wants its queue kept full.</summary>
    public int Concurrency { get; } = concurrency;

    public LlamaCppEngine? InProcess { get; } = inProcess;

    /// <summary>Answers requests seen before from <paramref name="cache"/>.</summary>
    public JudgeEngine WithCache(Caching.SqliteDistributedCache cache, Action<string>? onCacheError = null)
    {
        Cache = cache;
        ChatClient = Caching.ResponseCache.Wrap(ChatClient, Fingerprint, cache, onCacheError);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        ChatClient.Dispose();
        Cache?.Dispose();
        if (InProcess is not null)
        {
            await InProcess.DisposeAsync().ConfigureAwait(false);
        }
    }
}
