using System.Text;

namespace KoJudge.Gguf.Tests.Conversion;

/// <summary>
/// Reads back a GGUF file the writer made, following ggml's <c>docs/gguf.md</c> on its own: the metadata, and each
/// tensor's dimensions, type and F32 values. It is the tests' independent view of what a converter wrote.
/// </summary>
internal sealed class GgufTestReader
{
    private GgufTestReader(Dictionary<string, object> metadata, Dictionary<string, (long[] Dimensions, uint Type, float[] Values)> tensors, List<string> order)
    {
        Metadata = metadata;
        Tensors = tensors;
        Order = order;
    }

    public Dictionary<string, object> Metadata { get; }

    public Dictionary<string, (long[] Dimensions, uint Type, float[] Values)> Tensors { get; }

    public List<string> Order { get; }

    public static GgufTestReader Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        Assert.Equal(0x46554747u, reader.ReadUInt32());
        Assert.Equal(3u, reader.ReadUInt32());
        var tensorCount = reader.ReadUInt64();
        var keyCount = reader.ReadUInt64();
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0ul; i < keyCount; i++)
        {
            var key = ReadString(reader);
            metadata[key] = ReadValue(reader, reader.ReadUInt32());
        }
        var infos = new List<(string Name, long[] Dimensions, uint Type, ulong Offset)>();
        for (var i = 0ul; i < tensorCount; i++)
        {
            var name = ReadString(reader);
            var dimensions = new long[reader.ReadUInt32()];
            for (var d = 0; d < dimensions.Length; d++)
            {
                dimensions[d] = (long)reader.ReadUInt64();
            }
            infos.Add((name, dimensions, reader.ReadUInt32(), reader.ReadUInt64()));
        }
        var dataStart = (reader.BaseStream.Position + 31) / 32 * 32;
        var tensors = new Dictionary<string, (long[], uint, float[])>(StringComparer.Ordinal);
        foreach (var (name, dimensions, type, offset) in infos)
        {
            Assert.Equal(0u, type);
            reader.BaseStream.Position = dataStart + (long)offset;
            var values = new float[dimensions.Aggregate(1L, (a, b) => a * b)];
            for (var v = 0; v < values.Length; v++)
            {
                values[v] = reader.ReadSingle();
            }
            tensors[name] = (dimensions, type, values);
        }
        return new GgufTestReader(metadata, tensors, [.. infos.Select(i => i.Name)]);
    }

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes((int)reader.ReadUInt64()));

    private static object ReadValue(BinaryReader reader, uint type) => type switch
    {
        4 => reader.ReadUInt32(),
        5 => reader.ReadInt32(),
        6 => reader.ReadSingle(),
        7 => reader.ReadBoolean(),
        8 => ReadString(reader),
        9 => ReadArray(reader),
        10 => reader.ReadUInt64(),
        _ => throw new InvalidDataException($"GGUF value type {type} is not read here"),
    };

    private static object[] ReadArray(BinaryReader reader)
    {
        var type = reader.ReadUInt32();
        var values = new object[reader.ReadUInt64()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadValue(reader, type);
        }
        return values;
    }
}
