namespace KoJudge.Gguf.Conversion;

/// <summary>
/// What a LoRA converter must know of its base model: the layer count, to check the adapter's layers, and the head
/// counts, to put the q and k outputs in llama.cpp's rotary order (<see cref="RotaryRowOrder"/>).
/// </summary>
public sealed record LlamaAttentionShape(int Layers, int Heads, int KvHeads, int HeadDimension);
