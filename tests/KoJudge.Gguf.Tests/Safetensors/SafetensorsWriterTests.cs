using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.Tests.Safetensors;

public sealed class SafetensorsWriterTests
{
    [Fact]
    public void Values_are_made_one_tensor_at_a_time_while_the_file_is_written()
    {
        var path = Path.Combine(RawSafetensors.NewDirectory(), "lazy.safetensors");
        var made = new List<string>();
        var writer = new SafetensorsWriter();
        foreach (var name in new[] { "first", "second", "third" })
        {
            writer.Add(name, SafetensorsDtype.BF16, [2, 3], () =>
            {
                made.Add(name);
                return [.. Enumerable.Range(0, 6).Select(i => (float)(i + (10 * made.Count)))];
            });
        }

        Assert.Empty(made);
        Assert.Equal(3 * 6 * 2, writer.DataBytes);
        writer.Write(path);

        Assert.Equal(["first", "second", "third"], made);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([30f, 31, 32, 33, 34, 35], file.ReadSingles("third"));
    }

    [Fact]
    public void A_tensor_made_with_the_wrong_count_is_refused_by_name()
    {
        var path = Path.Combine(RawSafetensors.NewDirectory(), "wrong.safetensors");
        var writer = new SafetensorsWriter().Add("w", SafetensorsDtype.F32, [4], () => [1f, 2f]);

        var error = Assert.Throws<InvalidOperationException>(() => writer.Write(path));

        Assert.Equal("Tensor w was made with 2 values, not the 4 of its shape.", error.Message);
        Assert.Throws<ArgumentException>(() => new SafetensorsWriter().Add("v", SafetensorsDtype.F32, [3], new float[2]));
    }
}
