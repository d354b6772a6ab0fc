using System.Buffers.Binary;

namespace KoJudge.Gguf.Safetensors;

/// <summary>Element sizes, names and conversions to and from F32 for <see cref="SafetensorsDtype"/>.</summary>
public static class SafetensorsScalars
{
    public static int ElementSize(SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.F32 => 4,
        SafetensorsDtype.F16 or SafetensorsDtype.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>The dtype a header names, or null for one KoJudge does not read (the caller names file and tensor).</summary>
    public static SafetensorsDtype? Parse(string name) => name switch
    {
        "F32" => SafetensorsDtype.F32,
        "F16" => SafetensorsDtype.F16,
        "BF16" => SafetensorsDtype.BF16,
        _ => null,
    };

    /// <summary>Widens little-endian elements to F32; every F16 and BF16 value is exact in F32.</summary>
    public static void ToSingle(ReadOnlySpan<byte> source, SafetensorsDtype dtype, Span<float> destination)
    {
        var size = ElementSize(dtype);
        if (source.Length != destination.Length * size)
        {
            throw new ArgumentException($"{source.Length} bytes of {dtype} do not make {destination.Length} values.", nameof(source));
        }
        for (var i = 0; i < destination.Length; i++)
        {
            var element = source.Slice(i * size, size);
            destination[i] = dtype switch
            {
                SafetensorsDtype.F32 => BinaryPrimitives.ReadSingleLittleEndian(element),
                SafetensorsDtype.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(element),
                // BF16 is the top half of an F32's bits, so widening is a shift.
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(element) << 16),
            };
        }
    }

    /// <summary>Narrows F32 values to little-endian elements, rounding to nearest, ties to even, as PyTorch does.</summary>
    public static void FromSingle(ReadOnlySpan<float> source, SafetensorsDtype dtype, Span<byte> destination)
    {
        var size = ElementSize(dtype);
        if (destination.Length != source.Length * size)
        {
            throw new ArgumentException($"{destination.Length} bytes cannot hold {source.Length} values of {dtype}.", nameof(destination));
        }
        for (var i = 0; i < source.Length; i++)
        {
            var element = destination.Slice(i * size, size);
            switch (dtype)
            {
                case SafetensorsDtype.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(element, source[i]);
                    break;
                case SafetensorsDtype.F16:
                    BinaryPrimitives.WriteHalfLittleEndian(element, (Half)source[i]);
                    break;
                default:
                    BinaryPrimitives.WriteUInt16LittleEndian(element, ToBFloat16(source[i]));
                    break;
            }
        }
    }

    // .NET 10 has no BFloat16 type; this is the usual bit rounding, with NaN kept a (quiet) NaN rather than rounded to infinity.
    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }
        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
