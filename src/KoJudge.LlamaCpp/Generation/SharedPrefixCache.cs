using LLama;
using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// The head that consecutive prompts share (the judge's task description), evaluated once into sequence 0, so each new
/// sequence starts from a copy of it instead of evaluating it again.
/// </summary>
/// <remarks>
/// The KV cache is split per sequence (KVUnified off), where only whole-sequence copies work: copying part of a sequence
/// aborts the process. So sequence 0 holds the prefix alone, is trimmed when a prompt shares less of it, and is copied whole.
/// </remarks>
internal sealed class SharedPrefixCache(LLamaContext context, int batchSize, int minSharedPrefix)
{
    public static readonly LLamaSeqId Sequence = LLamaSeqId.Zero;

    private readonly LLamaBatch batch = new();
    private LLamaToken[] prefixTokens = [];
    private IReadOnlyList<LLamaToken> lastPrompt = [];

    /// <summary>Makes sequence 0 hold a head this prompt shares, and returns its length (0 for none).</summary>
    /// <param name="stopping">Stops between the decodes of a long new head.</param>
    public int Share(IReadOnlyList<LLamaToken> prompt, CancellationToken stopping)
    {
        // At least the last prompt token is fed by the sequence itself, to get the logits for the first reply token.
        var limit = prompt.Count - 1;
        var withPrefix = CommonPrefix(prefixTokens, prompt, limit);
        if (prefixTokens.Length > 0 && withPrefix >= minSharedPrefix)
        {
            if (withPrefix < prefixTokens.Length)
            {
                context.NativeHandle.MemorySequenceRemove(Sequence, withPrefix, -1);
                prefixTokens = prefixTokens[..withPrefix];
            }
            lastPrompt = prompt;
            return withPrefix;
        }
        var withLast = CommonPrefix(lastPrompt, prompt, limit);
        lastPrompt = prompt;
        if (withLast < minSharedPrefix)
        {
            return 0;
        }
        // A new head: evaluate it once into sequence 0. Sequences copied from the old head keep their own copies.
        context.NativeHandle.MemorySequenceRemove(Sequence, -1, -1);
        prefixTokens = [];
        var head = prompt.Take(withLast).ToArray();
        for (var start = 0; start < head.Length; start += batchSize)
        {
            // A long head takes several decodes; stopping the engine must not wait for all of them.
            stopping.ThrowIfCancellationRequested();
            batch.Clear();
            var count = Math.Min(batchSize, head.Length - start);
            batch.AddRange(head.AsSpan(start, count), start, Sequence, false);
            context.DecodeOrThrow(batch);
        }
        prefixTokens = head;
        return withLast;
    }

    /// <summary>Starts <paramref name="sequence"/> from the head, copied whole.</summary>
    public void CopyInto(LLamaSeqId sequence) => context.NativeHandle.MemorySequenceCopy(Sequence, sequence, -1, -1);

    /// <summary>After the whole cache was cleared: sequence 0 holds nothing any more.</summary>
    public void Forget() => prefixTokens = [];

    private static int CommonPrefix(IReadOnlyList<LLamaToken> a, IReadOnlyList<LLamaToken> b, int limit)
    {
        var length = Math.Min(Math.Min(a.Count, b.Count), limit);
        var i = 0;
        while (i < length && a[i] == b[i])
        {
            i++;
        }
        return i;
    }
}
