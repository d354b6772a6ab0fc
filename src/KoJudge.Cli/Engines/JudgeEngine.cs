using KoJudge.LlamaCpp;
using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Engines;

/// <summary>The engine a command judges with: its chat client, what it is, and how many items to keep in flight.</summary>
public sealed class JudgeEngine(IChatClient chatClient, string description, string fingerprint, int concurrency, LlamaCppEngine? inProcess = null) : IAsyncDisposable
{
    /// <summary>What decides this engine's replies, for the request hash: kind, model, adapters, grammar; never an address or a key.</summary>
    public string Fingerprint { get; } = fingerprint;

    public IChatClient ChatClient { get; } = chatClient;

    /// <summary>One line for the user: which engine, which model.</summary>
    public string Description { get; } = description;

    /// <summary>Items to judge at once: the in-process engine wants its queue kept full.</summary>
    public int Concurrency { get; } = concurrency;

    public LlamaCppEngine? InProcess { get; } = inProcess;

    public async ValueTask DisposeAsync()
    {
        ChatClient.Dispose();
        if (InProcess is not null)
        {
            await InProcess.DisposeAsync().ConfigureAwait(false);
        }
    }
}
