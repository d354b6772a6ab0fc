namespace KoJudge.LlamaCpp.Benchmarks;

/// <summary>What the throughput benchmark runs: every mode does the same greedy work on the same prompts.</summary>
public sealed record ThroughputBenchmarkSettings(string ModelPath)
{
    public int NewTokens { get; init; } = 256;

    public int Parallel { get; init; } = 8;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int ContextPerSequence { get; init; } = 2048;

    public int BatchSize { get; init; } = 512;

    public bool? FlashAttention { get; init; }

    /// <summary>Each mode runs this many times in turn; the fastest run of each is kept.</summary>
    public int Rounds { get; init; } = 1;
}
