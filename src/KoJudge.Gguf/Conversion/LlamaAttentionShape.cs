namespace KoJudge.Gguf.Conversion;

/// <summary>
/// What a LoRA converter must know of its base model: the layer count, to check the adapter's layers, and the head
/// counts, to put the q and k outputs in llama.cpp's rotary order (<see cref="RotaryRowOrder"/>). The hidden and
/// feed-forward widths, where known, let every adapter matrix be checked against the base; where a base does not
/// give them (null), only what the heads fix is checked.
/// </summary>
public sealed record LlamaAttentionShape(int Layers, int Heads, int KvHeads, int HeadDimension, int? Hidden = null, int? Intermediate = null);
