using LLama.Common;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>The llama.cpp context every KoJudge loop runs on, so the engine and the benchmark's loops do the same work.</summary>
internal static class ContextParameters
{
    /// <summary>
    /// A context with its KV cache split per sequence (KVUnified off): each of the <paramref name="sequences"/>
    /// owns <paramref name="contextPerSequence"/> cells, and attention never spans another sequence's cells.
    /// </summary>
    public static ModelParams Create(string modelPath, int contextPerSequence, int sequences, int batchSize, int threads, bool? flashAttention)
    {
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)(contextPerSequence * sequences),
            SeqMax = (uint)sequences,
            KVUnified = false,
            BatchSize = (uint)Math.Max(batchSize, sequences),
            UBatchSize = (uint)Math.Max(batchSize, sequences),
            Threads = threads,
            BatchThreads = threads,
        };
        if (flashAttention is { } flash)
        {
            parameters.FlashAttention = flash;
        }
        return parameters;
    }
}
