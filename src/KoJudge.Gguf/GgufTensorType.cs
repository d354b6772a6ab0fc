namespace KoJudge.Gguf;

/// <summary>The ggml tensor types a GGUF file written here holds, by their numbers in ggml's <c>ggml_type</c>.</summary>
public enum GgufTensorType : uint
{
    F32 = 0,
    F16 = 1,
    BF16 = 30,
}
