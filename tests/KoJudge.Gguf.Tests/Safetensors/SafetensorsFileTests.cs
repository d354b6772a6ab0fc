using System.Buffers.Binary;
using KoJudge.Gguf.Safetensors;
using KoJudge.Statistics;

namespace KoJudge.Gguf.Tests.Safetensors;

public sealed class SafetensorsFileTests
{
    // Values that exercise each narrowing: ties at the BF16 and F16 rounding points, F16's overflow and subnormals,
    // BF16's range beyond F16's, signed zero and infinities.
    private static readonly float[] Awkward =
    [
        0f, -0f, 1f, -2.5f, 1f + MathF.Pow(2, -8), 1f + 3 * MathF.Pow(2, -8), 1f + MathF.Pow(2, -11), 1f + 3 * MathF.Pow(2, -11),
        65504f, 65519f, 65520f, -70000f, 6e-8f, 3e-5f, 1e-30f, 3e38f, float.MaxValue, float.Epsilon,
        float.PositiveInfinity, float.NegativeInfinity, 0.1f, -1234.5678f,
    ];

    [Theory]
    [InlineData(SafetensorsDtype.F32)]
    [InlineData(SafetensorsDtype.F16)]
    [InlineData(SafetensorsDtype.BF16)]
    public void Writer_then_reader_gives_each_value_rounded_as_its_dtype_rounds(SafetensorsDtype dtype)
    {
        var directory = RawSafetensors.NewDirectory();
        var random = Random(17, 3 * 5 * 7, 4f);
        var path = Path.Combine(directory, "model.safetensors");
        new SafetensorsWriter()
            .Add("awkward", dtype, [Awkward.Length], Awkward)
            .Add("random", dtype, [3, 5, 7], random)
            .Add("empty", dtype, [0, 4], [])
            .Write(path);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(["awkward", "random", "empty"], file.Tensors.Select(t => t.Name));
        Assert.All(file.Tensors, t => Assert.Equal(dtype, t.Dtype));
        Assert.Equal([3L, 5, 7], file["random"].Shape);
        Assert.Equal([0L, 4], file["empty"].Shape);
        Assert.Empty(file.ReadSingles("empty"));
        Assert.Equal("pt", file.Metadata["format"]);
        foreach (var (name, values) in new[] { ("awkward", Awkward), ("random", random) })
        {
            var expected = values.Select(v => Narrowed(v, dtype)).ToArray();
            var actual = file.ReadSingles(name);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(values.Length * (dtype == SafetensorsDtype.F32 ? 4 : 2), file[name].ByteLength);
        }
    }

    [Fact]
    public void The_F16_oracle_agrees_with_System_Half()
    {
        // The oracle is checked against the runtime's own F16, so the BF16 results it gives stand on something.
        foreach (var value in Awkward.Concat(Random(5, 2000, 70000f)))
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)(Half)value), BitConverter.SingleToInt32Bits(FloatRounding.ToHalf(value)));
        }
    }

    [Fact]
    public void BF16_keeps_NaN_a_NaN()
    {
        var path = Path.Combine(RawSafetensors.NewDirectory(), "nan.safetensors");
        new SafetensorsWriter().Add("nan", SafetensorsDtype.BF16, [2], [float.NaN, -float.NaN]).Write(path);

        using var file = SafetensorsFile.Open(path);

        Assert.All(file.ReadSingles("nan"), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Reads_a_file_spelled_out_byte_by_byte()
    {
        // BF16 0x3F80 is 1, 0xC020 is -2.5; F16 0x3C00 is 1, 0x3555 is 0.333251953125; F32 0x40490FDB is pi rounded.
        byte[] data = [0x80, 0x3F, 0x20, 0xC0, 0x00, 0x3C, 0x55, 0x35, 0xDB, 0x0F, 0x49, 0x40];
        var path = RawSafetensors.Write(RawSafetensors.NewDirectory(), "hand.safetensors",
            """{"f32":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},"h":{"dtype":"F16","shape":[1,2],"data_offsets":[4,8]}}""",
            data);

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(["b", "h", "f32"], file.Tensors.Select(t => t.Name));
        Assert.Equal([1f, -2.5f], file.ReadSingles("b"));
        Assert.Equal([1f, 0.333251953125f], file.ReadSingles("h"));
        Assert.Equal([MathF.PI], file.ReadSingles("f32"));
        var headerEnd = 8 + new FileInfo(path).Length - data.Length - 8;
        Assert.Equal(headerEnd + 4, file["h"].Start);
        Assert.Equal(headerEnd + 8, file["h"].End);
    }

    [Fact]
    public void The_written_header_is_padded_so_the_data_starts_8_byte_aligned_and_holds_the_values_little_endian()
    {
        var path = Path.Combine(RawSafetensors.NewDirectory(), "a.safetensors");
        float[] values = [1.5f, -3f, 7.25f];
        new SafetensorsWriter().Add("odd_name_x", SafetensorsDtype.F32, [3], values).Write(path);

        var bytes = File.ReadAllBytes(path);
        var dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var file = SafetensorsFile.Open(path);

        Assert.Equal(0, dataStart % 8);
        Assert.Equal(dataStart, file["odd_name_x"].Start);
        Assert.Equal(values, Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)dataStart + 4 * i))));
    }

    [Fact]
    public void Reading_one_tensor_takes_memory_for_that_tensor_only()
    {
        // A 32 MB tensor beside a tiny one, in a sparse file so the test writes almost nothing.
        const long big = 8L << 20;
        var path = RawSafetensors.Write(RawSafetensors.NewDirectory(), "big.safetensors",
            $$$"""{"small":{"dtype":"F32","shape":[16],"data_offsets":[0,64]},"big":{"dtype":"F32","shape":[{{{big}}}],"data_offsets":[64,{{{64 + 4 * big}}}]}}""",
            Enumerable.Range(0, 16).SelectMany(i => BitConverter.GetBytes((float)i)).ToArray());
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length + 4 * big);
        }
        var destination = new float[big];

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var file = SafetensorsFile.Open(path);
        var small = file.ReadSingles("small");
        var afterSmall = GC.GetAllocatedBytesForCurrentThread();
        file.ReadSingles("big", destination);
        var afterBig = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(Enumerable.Range(0, 16).Select(i => (float)i), small);
        Assert.InRange(afterSmall - before, 0, 256 << 10);
        // Into the caller's array, the 32 MB tensor costs only the reader's conversion buffer.
        Assert.InRange(afterBig - afterSmall, 0, 1 << 20);
        Assert.All(destination.Take(1000), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("truncated", "header length", "fewer than the 8")]
    [InlineData("length-past-end", "header length", "run past the end of the file")]
    [InlineData("not-json", "header", "is not JSON")]
    [InlineData("unknown-dtype", "tensor 'w'", "dtype I64 is not read")]
    [InlineData("out-of-range", "tensor 'w'", "data_offsets [0, 16] lie outside the data (8 bytes)")]
    [InlineData("overlap", "tensor 'b'", "overlap tensor 'a'")]
    [InlineData("size-mismatch", "tensor 'w'", "shape [3] of F32 needs 12")]
    [InlineData("no-offsets", "tensor 'w'", "has no data_offsets array")]
    [InlineData("negative-shape", "tensor 'w'", "shape holds -1")]
    public void A_bad_file_is_one_line_naming_the_file_and_the_field_or_tensor(string kind, string subject, string problem)
    {
        var directory = RawSafetensors.NewDirectory();
        var name = $"{kind}.safetensors";
        var zeros = new byte[24];
        var path = kind switch
        {
            "truncated" => WriteBytes(Path.Combine(directory, name), [1, 0, 0, 0, 0]),
            "length-past-end" => RawSafetensors.Write(directory, name, "{}", new byte[10], headerLength: 1000),
            "not-json" => RawSafetensors.Write(directory, name, "{\"w\":", zeros),
            "unknown-dtype" => RawSafetensors.Write(directory, name, """{"w":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}""", zeros),
            "out-of-range" => RawSafetensors.Write(directory, name, """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", new byte[8]),
            "overlap" => RawSafetensors.Write(directory, name,
                """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}""", zeros),
            "size-mismatch" => RawSafetensors.Write(directory, name, """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}""", zeros),
            "no-offsets" => RawSafetensors.Write(directory, name, """{"w":{"dtype":"F32","shape":[3]}}""", zeros),
            "negative-shape" => RawSafetensors.Write(directory, name, """{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", zeros),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));

        Assert.Equal(path, error.File);
        Assert.Equal(subject, error.Subject);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{path}: {subject}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static string WriteBytes(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static float Narrowed(float value, SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F32 => value,
        SafetensorsDtype.F16 => FloatRounding.ToHalf(value),
        _ => FloatRounding.ToBFloat16(value),
    };

    private static float[] Random(ulong seed, int count, float scale)
    {
        var generator = new SplitMix64(seed);
        return Enumerable.Range(0, count).Select(_ => generator.NextSigned() * scale).ToArray();
    }
}
