using LLama;
using LLama.Common;
using LLama.Native;

namespace KoJudge.LlamaCpp.Tests.Support;

/// <summary>
/// llama.cpp's logits for every position of a token sequence, decoded in one batch straight through LLamaSharp (not
/// through the engine, whose own settings are not what is under test): the side a converted GGUF is judged on.
/// </summary>
internal static class LlamaCppLogits
{
    /// <summary>
    /// The logits after each of <paramref name="tokens"/>, with the LoRA adapter <paramref name="loraPath"/> applied at
    /// <paramref name="loraScale"/> when given. The KV cache is F32 and flash attention off, so llama.cpp's own rounding
    /// stays far below the tolerance the comparison holds the converter to.
    /// </summary>
    public static float[][] Decode(string modelPath, IReadOnlyList<int> tokens, string? loraPath = null, float loraScale = 1f)
    {
        LlamaCppNative.EnsureConfigured();
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)Math.Max(64, tokens.Count),
            BatchSize = (uint)tokens.Count,
            UBatchSize = (uint)tokens.Count,
            SeqMax = 1,
            Threads = 2,
            BatchThreads = 2,
            FlashAttention = false,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        var adapter = loraPath is null ? null : weights.NativeHandle.LoadLoraFromFile(loraPath);
        try
        {
            using var context = weights.CreateContext(parameters);
            if (adapter is not null)
            {
                context.NativeHandle.SetLoraAdapters(new[] { (adapter, loraScale) });
            }
            var batch = new LLamaBatch();
            var indices = tokens.Select((token, position) => batch.Add((LLamaToken)token, position, (LLamaSeqId)0, logits: true)).ToArray();
            var result = context.NativeHandle.Decode(batch);
            if (result != DecodeResult.Ok)
            {
                throw new InvalidOperationException($"llama.cpp could not decode {tokens.Count} tokens: {result}.");
            }
            return [.. indices.Select(i => context.NativeHandle.GetLogitsIth(i).ToArray())];
        }
        finally
        {
            adapter?.Unload();
        }
    }
}
