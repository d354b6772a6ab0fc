using System.Buffers.Binary;
using System.Text;

namespace KoJudge.Gguf;

/// <summary>
/// Writes a GGUF v3 file: metadata key-values, then tensor descriptions, then the tensor data, aligned to 32 bytes.
/// </summary>
/// <remarks>
/// Written by hand because no .NET library writes GGUF (LLamaSharp only reads it, through llama.cpp), and KoJudge must
/// make its own small models: no weights can be downloaded here, and tests need models whose every byte they control.
/// The format is ggml's <c>docs/gguf.md</c>; dimensions are listed innermost first, as ggml lists them.
/// </remarks>
public sealed class GgufWriter
{
    private const uint Magic = 0x46554747; // "GGUF", little-endian
    private const uint Version = 3;
    private const int Alignment = 32;

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> Write)> metadata = [];
    private readonly List<GgufTensor> tensors = [];

    /// <summary>Bytes per element of the unquantised tensor types this writer writes.</summary>
    public static int ElementSize(GgufTensorType type) => type switch
    {
        GgufTensorType.F32 => 4,
        GgufTensorType.F16 or GgufTensorType.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only F32, F16 and BF16 tensors are written here; quantised types come from llama.cpp's quantiser."),
    };

    public GgufWriter Add(string key, string value) => AddValue(key, GgufValueType.String, w => WriteString(w, value));

    public GgufWriter Add(string key, uint value) => AddValue(key, GgufValueType.UInt32, w => w.Write(value));

    public GgufWriter Add(string key, int value) => AddValue(key, GgufValueType.Int32, w => w.Write(value));

    public GgufWriter Add(string key, float value) => AddValue(key, GgufValueType.Float32, w => w.Write(value));

    public GgufWriter Add(string key, bool value) => AddValue(key, GgufValueType.Bool, w => w.Write(value));

    public GgufWriter Add(string key, ulong value) => AddValue(key, GgufValueType.UInt64, w => w.Write(value));

    public GgufWriter Add(string key, IReadOnlyList<string> values) => AddValue(key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.String);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            WriteString(w, value);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => AddValue(key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.Int32);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

    /// <summary>Adds an F32 tensor; <paramref name="dimensions"/> innermost first, and <paramref name="data"/> of their product.</summary>
    public GgufWriter AddTensor(string name, IReadOnlyList<long> dimensions, float[] data)
    {
        var count = dimensions.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
        {
            throw new ArgumentException($"Tensor {name} has {data.Length} values for dimensions [{string.Join(", ", dimensions)}].", nameof(data));
        }
        return AddTensor(name, dimensions, GgufTensorType.F32, stream => WriteFloats(stream, data));
    }

    /// <summary>
    /// Adds a tensor whose bytes <paramref name="writeData"/> writes when the file is written, so a converter holds one
    /// tensor (or less) at a time. It must write exactly the element count times <paramref name="type"/>'s size, little-endian.
    /// </summary>
    public GgufWriter AddTensor(string name, IReadOnlyList<long> dimensions, GgufTensorType type, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(writeData);
        _ = ElementSize(type);
        if (tensors.Exists(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor {name} is already added.", nameof(name));
        }
        tensors.Add(new GgufTensor(name, dimensions, type, dimensions.Aggregate(1L, (a, b) => a * b), writeData));
        return this;
    }

    public long ParameterCount => tensors.Sum(t => t.Count);

    /// <summary>The names of the tensors added so far, in the order they will be written.</summary>
    public IReadOnlyList<string> TensorNames => [.. tensors.Select(t => t.Name)];

    public void Write(string path)
    {
        // Write to a temporary name and move, so an interrupted write never leaves a file that looks complete.
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            WriteTo(partial);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            // A failed write (a full disk) leaves nothing behind; the failure itself is what the caller hears of.
            try
            {
                File.Delete(partial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            throw;
        }
    }

    private void WriteTo(string partial)
    {
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((ulong)tensors.Count);
            writer.Write((ulong)metadata.Count);
            foreach (var (key, type, write) in metadata)
            {
                WriteString(writer, key);
                writer.Write((uint)type);
                write(writer);
            }
            ulong offset = 0;
            foreach (var tensor in tensors)
            {
                WriteString(writer, tensor.Name);
                writer.Write((uint)tensor.Dimensions.Count);
                foreach (var dimension in tensor.Dimensions)
                {
                    writer.Write((ulong)dimension);
                }
                writer.Write((uint)tensor.Type);
                writer.Write(offset);
                offset = AlignUp(offset + (ulong)tensor.ByteLength);
            }
            Pad(writer);
            foreach (var tensor in tensors)
            {
                writer.Flush();
                var start = stream.Position;
                tensor.WriteData(stream);
                if (stream.Position - start != tensor.ByteLength)
                {
                    throw new InvalidOperationException($"Tensor {tensor.Name} wrote {stream.Position - start} bytes, not the {tensor.ByteLength} its shape and type take.");
                }
                Pad(writer);
            }
        }
    }

    private GgufWriter AddValue(string key, GgufValueType type, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (metadata.Exists(m => m.Key == key))
        {
            throw new ArgumentException($"Key {key} is already set.", nameof(key));
        }
        metadata.Add((key, type, write));
        return this;
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Writes F32 values little-endian through a small buffer, as a tensor's data callback must.</summary>
    internal static void WriteFloats(Stream stream, ReadOnlySpan<float> data)
    {
        var buffer = new byte[1 << 16];
        var perBuffer = buffer.Length / sizeof(float);
        for (var start = 0; start < data.Length; start += perBuffer)
        {
            var count = Math.Min(perBuffer, data.Length - start);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), data[start + i]);
            }
            stream.Write(buffer, 0, count * sizeof(float));
        }
    }

    private static void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = (ulong)writer.BaseStream.Position;
        for (var i = position; i < AlignUp(position); i++)
        {
            writer.Write((byte)0);
        }
    }

    private static ulong AlignUp(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private sealed record GgufTensor(string Name, IReadOnlyList<long> Dimensions, GgufTensorType Type, long Count, Action<Stream> WriteData)
    {
        public long ByteLength => Count * ElementSize(Type);
    }

    private enum GgufValueType : uint
    {
        UInt32 = 4,
        Int32 = 5,
        Float32 = 6,
        Bool = 7,
        String = 8,
        Array = 9,
        UInt64 = 10,
    }
}
