namespace KoJudge.Gguf.Conversion;

/// <summary>
/// The row order llama.cpp wants for Llama's q and k projections. Hugging Face applies RoPE by rotating halves: within
/// each head, row <c>i</c> of the first half pairs with row <c>i</c> of the second. llama.cpp rotates neighbours, pairs
/// <c>(2i, 2i+1)</c>. So llama.cpp's converter interleaves each head's halves, and so must anything that touches these
/// rows: the weights, and a LoRA adapter's <c>lora_B</c>, whose rows are the projection's outputs.
/// </summary>
public static class RotaryRowOrder
{
    /// <summary>
    /// The Hugging Face row that llama.cpp's row <paramref name="row"/> holds, for a projection of <paramref name="heads"/>
    /// heads (the KV heads for k) over <paramref name="rows"/> rows.
    /// </summary>
    public static long SourceRow(long row, int heads, long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        var headDimension = rows / heads;
        if (headDimension * heads != rows || headDimension % 2 != 0)
        {
            throw new ArgumentException($"{rows} rows do not split into {heads} heads of an even size.", nameof(rows));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, rows);
        var half = headDimension / 2;
        var (head, within) = (row / headDimension, row % headDimension);
        return (head * headDimension) + ((within % 2) * half) + (within / 2);
    }
}
