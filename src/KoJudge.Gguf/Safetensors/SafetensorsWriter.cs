using System.Buffers.Binary;
using System.Text.Json;

namespace KoJudge.Gguf.Safetensors;

/// <summary>
/// Writes a <c>.safetensors</c> file from F32 values, narrowed to each tensor's dtype: what the test generator needs to
/// make Hugging Face checkpoints whose every byte the tests control.
/// </summary>
public sealed class SafetensorsWriter
{
    // Values are made when the file is written, one tensor at a time, so a generated checkpoint larger than memory can be written.
    private readonly List<(string Name, SafetensorsDtype Dtype, long[] Shape, long Count, Func<float[]> Values)> tensors = [];
    private readonly Dictionary<string, string> metadata = new(StringComparer.Ordinal) { ["format"] = "pt" };

    /// <summary>Adds a tensor; <paramref name="shape"/> outermost first, as PyTorch lists it.</summary>
    public SafetensorsWriter Add(string name, SafetensorsDtype dtype, IReadOnlyList<long> shape, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var writer = Add(name, dtype, shape, () => values);
        if (tensors[^1].Count != values.Length)
        {
            tensors.RemoveAt(tensors.Count - 1);
            throw new ArgumentException($"Tensor {name} has {values.Length} values for shape [{string.Join(", ", shape)}].", nameof(values));
        }
        return writer;
    }

    /// <summary>Adds a tensor whose values <paramref name="values"/> makes when the file is written, and lets go after.</summary>
    public SafetensorsWriter Add(string name, SafetensorsDtype dtype, IReadOnlyList<long> shape, Func<float[]> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        if (name == "__metadata__" || tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor name {name} is taken.", nameof(name));
        }
        tensors.Add((name, dtype, [.. shape], shape.Aggregate(1L, (a, b) => a * b), values));
        return this;
    }

    public IReadOnlyList<string> Names => [.. tensors.Select(t => t.Name)];

    /// <summary>The bytes of tensor data the file will hold, as an index's <c>metadata.total_size</c> counts them.</summary>
    public long DataBytes => tensors.Sum(t => t.Count * SafetensorsScalars.ElementSize(t.Dtype));

    public void Write(string path)
    {
        var header = Header();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var tensor in tensors)
        {
            var values = tensor.Values();
            if (values.Length != tensor.Count)
            {
                throw new InvalidOperationException($"Tensor {tensor.Name} was made with {values.Length} values, not the {tensor.Count} of its shape.");
            }
            var bytes = new byte[values.Length * SafetensorsScalars.ElementSize(tensor.Dtype)];
            SafetensorsScalars.FromSingle(values, tensor.Dtype, bytes);
            stream.Write(bytes);
        }
    }

    private byte[] Header()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            var offset = 0L;
            foreach (var (name, dtype, shape, count, _) in tensors)
            {
                var end = offset + count * SafetensorsScalars.ElementSize(dtype);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var dimension in shape)
                {
                    json.WriteNumberValue(dimension);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        // The format pads the header with spaces to a multiple of 8, so the data that follows is aligned for any dtype.
        var padded = (buffer.Length + 7) / 8 * 8;
        while (buffer.Length < padded)
        {
            buffer.WriteByte((byte)' ');
        }
        return buffer.ToArray();
    }
}
