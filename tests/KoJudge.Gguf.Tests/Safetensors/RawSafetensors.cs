using System.Buffers.Binary;
using System.Text;

namespace KoJudge.Gguf.Tests.Safetensors;

/// <summary>Writes safetensors files byte by byte from a header the test spells out, good or deliberately bad.</summary>
internal static class RawSafetensors
{
    public static string Write(string directory, string name, string header, byte[] data, ulong? headerLength = null)
    {
        var path = Path.Combine(directory, name);
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string NewDirectory() => Directory.CreateTempSubdirectory("kojudge-safetensors-").FullName;
}
