using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;

namespace KoJudge.Gguf.Safetensors;

/// <summary>
/// Reads a <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and <c>data_offsets</c> into the byte buffer that follows, then that buffer.
/// </summary>
/// <remarks>
/// Written by hand because no maintained .NET package reads safetensors (none is on NuGet here), and the format is small
/// (Hugging Face's <c>safetensors</c> format documentation). Only the header is read into memory: tensor bytes are read one
/// tensor at a time through a memory-mapped view of that tensor's range alone, so converting a 16 GB checkpoint never
/// holds more than one tensor. Every offset is checked when the file is opened, so a bad file fails before any conversion.
/// </remarks>
public sealed class SafetensorsFile : IDisposable
{
    // The safetensors library refuses headers over 100 MB; a larger length means a file that is not safetensors.
    private const long MaxHeaderLength = 100_000_000;
    private const int ChunkBytes = 1 << 16;

    private readonly MemoryMappedFile map;
    private readonly Dictionary<string, SafetensorsTensor> byName;

    private SafetensorsFile(string path, MemoryMappedFile map, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.map = map;
        Tensors = tensors;
        Metadata = metadata;
        byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>The tensors in the order of their bytes in the file.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The header's optional <c>__metadata__</c> strings, e.g. <c>format: pt</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens and checks <paramref name="path"/>; a bad file throws <see cref="SafetensorsFormatException"/>.</summary>
    public static SafetensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path))
        {
            throw new SafetensorsFormatException(path, "file", "does not exist");
        }
        long fileLength;
        byte[] header;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            fileLength = stream.Length;
            Span<byte> prefix = stackalloc byte[8];
            if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
            {
                throw new SafetensorsFormatException(path, "header length", $"the file has {fileLength} bytes, fewer than the 8 of the header length");
            }
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > (ulong)(fileLength - 8))
            {
                throw new SafetensorsFormatException(path, "header length", $"{headerLength} bytes run past the end of the file ({fileLength - 8} bytes follow it)");
            }
            if (headerLength > MaxHeaderLength)
            {
                throw new SafetensorsFormatException(path, "header length", $"{headerLength} bytes is more than the {MaxHeaderLength} a safetensors header may have");
            }
            header = new byte[headerLength];
            stream.ReadExactly(header);
        }
        var dataStart = 8L + header.Length;
        var (tensors, metadata) = ParseHeader(path, header, dataStart, fileLength - dataStart);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        return new SafetensorsFile(path, map, tensors, metadata);
    }

    public bool Contains(string name) => byName.ContainsKey(name);

    public SafetensorsTensor this[string name] =>
        byName.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"{Path}: no tensor '{name}'.");

    /// <summary>Reads one tensor widened to F32, into a new array of its element count.</summary>
    public float[] ReadSingles(string name)
    {
        var tensor = this[name];
        var values = new float[tensor.ElementCount];
        ReadSingles(name, values);
        return values;
    }

    /// <summary>
    /// Reads one tensor widened to F32 into <paramref name="destination"/>, mapping only that tensor's bytes and converting
    /// them through a small buffer, so the only memory it takes is the caller's.
    /// </summary>
    public void ReadSingles(string name, Span<float> destination)
    {
        var tensor = this[name];
        if (destination.Length != tensor.ElementCount)
        {
            throw new ArgumentException($"{Path}: tensor '{name}' has {tensor.ElementCount} values, not {destination.Length}.", nameof(destination));
        }
        ReadSingles(name, 0, destination);
    }

    /// <summary>
    /// Reads <paramref name="destination"/>'s length of a tensor's values, from its element <paramref name="start"/> on
    /// (row-major, outermost first), mapping only those bytes: a converter reads a 2 GB embedding a few rows at a time.
    /// </summary>
    public void ReadSingles(string name, long start, Span<float> destination)
    {
        var tensor = this[name];
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start + destination.Length > tensor.ElementCount)
        {
            throw new ArgumentException($"{Path}: tensor '{name}' has {tensor.ElementCount} values, not {start + destination.Length}.", nameof(destination));
        }
        if (destination.IsEmpty)
        {
            return;
        }
        var size = SafetensorsScalars.ElementSize(tensor.Dtype);
        using var view = map.CreateViewStream(tensor.Start + (start * size), (long)destination.Length * size, MemoryMappedFileAccess.Read);
        var buffer = new byte[Math.Min(ChunkBytes, (long)destination.Length * size)];
        var done = 0;
        while (done < destination.Length)
        {
            var count = Math.Min(buffer.Length / size, destination.Length - done);
            var bytes = buffer.AsSpan(0, count * size);
            view.ReadExactly(bytes);
            SafetensorsScalars.ToSingle(bytes, tensor.Dtype, destination.Slice(done, count));
            done += count;
        }
    }

    public void Dispose() => map.Dispose();

    private static (IReadOnlyList<SafetensorsTensor>, IReadOnlyDictionary<string, string>) ParseHeader(string path, byte[] header, long dataStart, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, "header", $"is not JSON ({e.Message.Split('\n')[0].TrimEnd()})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(path, "header", $"is a JSON {document.RootElement.ValueKind}, not an object");
            }
            var tensors = new List<SafetensorsTensor>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }
                tensors.Add(ReadTensor(path, property.Name, property.Value, dataStart, dataLength));
            }
            tensors.Sort((a, b) => a.Start.CompareTo(b.Start));
            for (var i = 1; i < tensors.Count; i++)
            {
                if (tensors[i].Start < tensors[i - 1].End)
                {
                    throw new SafetensorsFormatException(path, $"tensor '{tensors[i].Name}'",
                        $"data_offsets [{tensors[i].Start - dataStart}, {tensors[i].End - dataStart}] overlap tensor '{tensors[i - 1].Name}''s [{tensors[i - 1].Start - dataStart}, {tensors[i - 1].End - dataStart}]");
                }
            }
            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, "__metadata__", $"is a JSON {value.ValueKind}, not an object of strings");
        }
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException(path, $"__metadata__.{entry.Name}", $"is a JSON {entry.Value.ValueKind}, not a string");
            }
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensor ReadTensor(string path, string name, JsonElement value, long dataStart, long dataLength)
    {
        var subject = $"tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, subject, $"is a JSON {value.ValueKind}, not an object");
        }
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsFormatException(path, subject, "has no dtype string");
        }
        var dtypeName = dtypeElement.GetString()!;
        var dtype = SafetensorsScalars.Parse(dtypeName)
            ?? throw new SafetensorsFormatException(path, subject, $"dtype {dtypeName} is not read (F32, F16 and BF16 are)");
        var shape = ReadIntegers(path, subject, value, "shape", count: null);
        var offsets = ReadIntegers(path, subject, value, "data_offsets", count: 2);
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end || end > dataLength)
        {
            throw new SafetensorsFormatException(path, subject, $"data_offsets [{begin}, {end}] lie outside the data ({dataLength} bytes)");
        }
        long elements;
        try
        {
            elements = shape.Aggregate(1L, (a, b) => checked(a * b));
            var expected = checked(elements * SafetensorsScalars.ElementSize(dtype));
            if (end - begin != expected)
            {
                throw new SafetensorsFormatException(path, subject,
                    $"data_offsets [{begin}, {end}] hold {end - begin} bytes, but shape [{string.Join(", ", shape)}] of {dtypeName} needs {expected}");
            }
        }
        catch (OverflowException e)
        {
            throw new SafetensorsFormatException(path, subject, $"shape [{string.Join(", ", shape)}] is too large", e);
        }
        return new SafetensorsTensor(name, dtype, shape, path, dataStart + begin, dataStart + end);
    }

    private static long[] ReadIntegers(string path, string subject, JsonElement tensor, string field, int? count)
    {
        if (!tensor.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException(path, subject, $"has no {field} array");
        }
        var values = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
            {
                throw new SafetensorsFormatException(path, subject, $"{field} holds {item.GetRawText()}, not a non-negative integer");
            }
            values.Add(number);
        }
        if (count is { } expected && values.Count != expected)
        {
            throw new SafetensorsFormatException(path, subject, $"{field} has {values.Count} numbers, not {expected}");
        }
        return [.. values];
    }
}
