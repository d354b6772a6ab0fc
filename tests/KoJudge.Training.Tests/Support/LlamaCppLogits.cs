using KoJudge.LlamaCpp;
using LLama;
using LLama.Common;
using LLama.Native;

namespace KoJudge.Training.Tests.Support;

/// <summary>
/// llama.cpp's logits for every position of a token sequence, decoded in one batch from position 0 with no BOS added:
/// the independent implementation the TorchSharp model is checked against. The K/V cache is F32 and flash attention
/// off, so llama.cpp computes attention at the same precision as an F32 PyTorch forward pass.
/// </summary>
internal static class LlamaCppLogits
{
    public static float[][] Of(string ggufPath, IReadOnlyList<long> tokens)
    {
        LlamaCppNative.EnsureConfigured();
        var parameters = new ModelParams(ggufPath)
        {
            ContextSize = (uint)Math.Max(64, tokens.Count),
            BatchSize = (uint)Math.Max(64, tokens.Count),
            UBatchSize = (uint)Math.Max(64, tokens.Count),
            Threads = 1,
            BatchThreads = 1,
            GpuLayerCount = 0,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
            FlashAttention = false,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        var indices = new int[tokens.Count];
        for (var position = 0; position < tokens.Count; position++)
        {
            indices[position] = batch.Add((LLamaToken)(int)tokens[position], position, LLamaSeqId.Zero, logits: true);
        }
        var result = context.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp's decode returned {result}: {LlamaCppNative.TakeRecentErrors()}");
        }
        return [.. indices.Select(i => context.NativeHandle.GetLogitsIth(i).ToArray())];
    }
}
