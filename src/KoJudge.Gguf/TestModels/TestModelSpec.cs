namespace KoJudge.Gguf.TestModels;

/// <summary>The shape of a generated random-weight Llama-3-style model.</summary>
public sealed record TestModelSpec(
    int Layers,
    int Embedding,
    int FeedForward,
    int Heads,
    int KvHeads,
    bool TieOutput,
    ulong Seed,
    int ContextLength = 8192)
{
    /// <summary>About 110K parameters with the tiny vocabulary: the whole pipeline runs in a second.</summary>
    public static TestModelSpec Tiny { get; } = new(Layers: 2, Embedding: 64, FeedForward: 128, Heads: 4, KvHeads: 2, TieOutput: false, Seed: 20240708);

    /// <summary>
    /// The benchmark shape: 8 layers, embedding 256, feed-forward 768. With the real Llama-3 vocabulary and the output
    /// tied to the embedding it has about 39.6M parameters, and token counts match the real judge's.
    /// </summary>
    public static TestModelSpec Bench { get; } = new(Layers: 8, Embedding: 256, FeedForward: 768, Heads: 4, KvHeads: 4, TieOutput: true, Seed: 20240708);

    public int HeadDimension => Embedding / Heads;
}
