namespace KoJudge.Gguf.Conversion;

/// <summary>
/// What a LoRA conversion wrote: the projections adapted (PEFT's names, e.g. <c>q_proj</c>), how many layers, the
/// ranks found, the file's <c>adapter.lora.alpha</c>, the tensor count, and how many targets had their lora_b
/// rescaled to carry a per-module alpha or rsLoRA's scale.
/// </summary>
public sealed record LoraConversionSummary(
    IReadOnlyList<string> Targets, int Layers, IReadOnlyList<int> Ranks, float Alpha, int Tensors, int Rescaled);
