using LLama;
using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// A decode that fails loudly: llama.cpp reports a failed batch as a result code, and logits read after one would be
/// stale, so the batch's requests must fail instead.
/// </summary>
internal static class ContextDecoding
{
    public static void DecodeOrThrow(this LLamaContext context, LLamaBatch batch)
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp could not decode a batch of {batch.TokenCount} tokens: {result}.");
        }
    }
}
