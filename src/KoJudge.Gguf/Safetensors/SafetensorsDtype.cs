namespace KoJudge.Gguf.Safetensors;

/// <summary>The element types KoJudge reads from safetensors: the three a Llama checkpoint is published in.</summary>
public enum SafetensorsDtype
{
    F32,
    F16,
    BF16,
}
