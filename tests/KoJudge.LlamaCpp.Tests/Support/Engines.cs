using KoJudge.LlamaCpp;
using KoJudge.TestSupport;

namespace KoJudge.LlamaCpp.Tests.Support;

internal static class Engines
{
    /// <summary>The tiny model, 2 threads, flash attention off (batched output then matches one-at-a-time output).</summary>
    public static LlamaCppEngineOptions Tiny(int parallel = 4, bool withLora = false, float loraScale = 1f, bool? flashAttention = false) => new(GeneratedModels.Tiny().Model)
    {
        Threads = 2,
        Parallel = parallel,
        ContextPerSequence = 2560,
        FlashAttention = flashAttention,
        Loras = withLora ? [new LoraAdapterSpec(GeneratedModels.Tiny().Lora, loraScale)] : [],
    };
}
