namespace KoJudge.Gguf.Safetensors;

/// <summary>
/// One tensor a safetensors header describes: its shape outermost first (PyTorch's order, the reverse of ggml's), and
/// where its bytes lie in <see cref="File"/>, as absolute offsets checked against the file's length.
/// </summary>
public sealed record SafetensorsTensor(string Name, SafetensorsDtype Dtype, IReadOnlyList<long> Shape, string File, long Start, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public long ByteLength => End - Start;
}
