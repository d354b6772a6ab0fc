using KoJudge.Runs;

namespace KoJudge.LlamaCpp;

/// <summary>How the in-process engine loads and runs a model. Record these with results that must be reproducible.</summary>
public sealed record LlamaCppEngineOptions(string ModelPath)
{
    public IReadOnlyList<LoraAdapterSpec> Loras { get; init; } = [];

    /// <summary>CPU threads for decoding and prompt processing.</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Tokens each sequence may hold: its prompt and its reply.</summary>
    public int ContextPerSequence { get; init; } = 4096;

    /// <summary>Sequences decoded together in one batch; requests beyond them wait in a queue.</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>The most tokens one decode call takes; long prompts are fed in chunks of this size.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Evaluate the prompt head that requests share once, and copy its cache into each new sequence.</summary>
    public bool PrefixSharing { get; init; } = true;

    /// <summary>Shorter shared heads are not worth a sequence of their own.</summary>
    public int MinSharedPrefix { get; init; } = 32;

    /// <summary>
    /// Flash attention: null lets llama.cpp choose (on, for CPUs here). Off makes batched greedy output bit-identical
    /// to one-at-a-time output, at some speed.
    /// </summary>
    public bool? FlashAttention { get; init; }

    /// <summary>Force every reply into <c>Feedback: … [RESULT] n</c> with the verdict grammar.</summary>
    public bool ConstrainVerdict { get; init; }

    /// <summary>
    /// What decides this engine's replies, for the request hash: the model and adapter files, each by name and size,
    /// the adapters' scales, and the grammar switch; threads, parallelism, batch size and flash attention are left out.
    /// It reads the files' sizes now, so the files must exist.
    /// </summary>
    public EngineIdentity Identity() => new("llama.cpp", FileIdentity(ModelPath))
    {
        ConstrainVerdict = ConstrainVerdict,
        Adapters = Loras.Select(l => new AdapterIdentity(FileIdentity(l.Path), l.Scale)).ToArray(),
    };

    /// <summary>The sequence ids the context needs: one per parallel slot, plus one for the shared prefix.</summary>
    internal int SequenceCount => Parallel + (PrefixSharing ? 1 : 0);

    internal void Validate()
    {
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"Model file not found: {ModelPath}", ModelPath);
        }
        foreach (var lora in Loras)
        {
            if (!File.Exists(lora.Path))
            {
                throw new FileNotFoundException($"LoRA adapter not found: {lora.Path}", lora.Path);
            }
        }
        if (Threads < 1 || ContextPerSequence < 16 || Parallel < 1 || BatchSize < 1)
        {
            throw new ArgumentException("Threads, Parallel and BatchSize must be at least 1, and ContextPerSequence at least 16.");
        }
    }

    // File names and sizes stand for the weights: hashing gigabytes on every run would cost more than it guards.
    private static string FileIdentity(string path) => $"{Path.GetFileName(path)}:{new FileInfo(path).Length}";
}
