using KoJudge.Gguf.Conversion;

namespace KoJudge.Gguf.Tests.Conversion;

public sealed class RotaryRowOrderTests
{
    /// <summary>
    /// llama.cpp's converter as it describes itself: rows reshaped to (heads, 2, rows/heads/2), the two middle axes
    /// swapped, and flattened again. Built here as that array of source indices, not from the class's formula.
    /// </summary>
    private static long[] ReshapeSwapFlatten(int heads, int rows)
    {
        var half = rows / heads / 2;
        var source = new long[heads, 2, half];
        for (var r = 0; r < rows; r++)
        {
            source[r / (2 * half), r % (2 * half) / half, r % half] = r;
        }
        var flattened = new List<long>();
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < half; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    flattened.Add(source[h, j, i]);
                }
            }
        }
        return [.. flattened];
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 64)]
    [InlineData(2, 32)]
    [InlineData(32, 4096)]
    public void Gives_the_rows_of_llama_cpps_reshape_swap_and_flatten(int heads, int rows)
    {
        var expected = ReshapeSwapFlatten(heads, rows);

        var actual = Enumerable.Range(0, rows).Select(row => RotaryRowOrder.SourceRow(row, heads, rows));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Each_head_interleaves_its_halves()
    {
        // One head of 8 rows: Hugging Face's halves (0 1 2 3 | 4 5 6 7) become neighbour pairs.
        Assert.Equal([0L, 4, 1, 5, 2, 6, 3, 7], Enumerable.Range(0, 8).Select(row => RotaryRowOrder.SourceRow(row, 1, 8)));
    }

    [Fact]
    public void Refuses_rows_that_do_not_split_into_even_heads()
    {
        Assert.Throws<ArgumentException>(() => RotaryRowOrder.SourceRow(0, 3, 64));
        Assert.Throws<ArgumentException>(() => RotaryRowOrder.SourceRow(0, 4, 4 * 3));
    }
}
