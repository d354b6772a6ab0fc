using System.Text.Json;

namespace KoJudge.Gguf.Safetensors;

/// <summary>
/// The weights of a Hugging Face checkpoint folder: <c>model.safetensors</c>, or the shards that
/// <c>model.safetensors.index.json</c>'s <c>weight_map</c> names, read as one set of tensors.
/// </summary>
/// <remarks>
/// Every shard is opened and checked up front (headers only), so a missing shard or a tensor the index puts in the wrong
/// shard fails before any conversion starts. Tensor bytes are still read one tensor at a time.
/// </remarks>
public sealed class SafetensorsCheckpoint : IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly IReadOnlyList<SafetensorsFile> files;
    private readonly Dictionary<string, SafetensorsFile> fileOf;

    private SafetensorsCheckpoint(IReadOnlyList<SafetensorsFile> files, Dictionary<string, SafetensorsFile> fileOf, IReadOnlyList<SafetensorsTensor> tensors)
    {
        this.files = files;
        this.fileOf = fileOf;
        Tensors = tensors;
    }

    /// <summary>Every tensor, shard by shard in the index's order of first mention, each shard's in byte order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The shard files read, one for a single-file checkpoint.</summary>
    public IReadOnlyList<string> Files => [.. files.Select(f => f.Path)];

    public static SafetensorsCheckpoint Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var index = System.IO.Path.Combine(directory, IndexFileName);
        if (File.Exists(index))
        {
            return OpenSharded(directory, index);
        }
        var single = System.IO.Path.Combine(directory, SingleFileName);
        if (!File.Exists(single))
        {
            throw new SafetensorsFormatException(directory, "weights", $"has neither {SingleFileName} nor {IndexFileName}");
        }
        var file = SafetensorsFile.Open(single);
        return new SafetensorsCheckpoint([file], file.Tensors.ToDictionary(t => t.Name, _ => file, StringComparer.Ordinal), file.Tensors);
    }

    public bool Contains(string name) => fileOf.ContainsKey(name);

    public SafetensorsTensor this[string name] => Shard(name)[name];

    public float[] ReadSingles(string name) => Shard(name).ReadSingles(name);

    public void ReadSingles(string name, Span<float> destination) => Shard(name).ReadSingles(name, destination);

    public void ReadSingles(string name, long start, Span<float> destination) => Shard(name).ReadSingles(name, start, destination);

    public void Dispose()
    {
        foreach (var file in files)
        {
            file.Dispose();
        }
    }

    private SafetensorsFile Shard(string name) =>
        fileOf.TryGetValue(name, out var file) ? file : throw new KeyNotFoundException($"The checkpoint has no tensor '{name}'.");

    private static SafetensorsCheckpoint OpenSharded(string directory, string index)
    {
        var weightMap = ReadWeightMap(index);
        var opened = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            var fileOf = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var (tensor, shard) in weightMap)
            {
                if (!opened.TryGetValue(shard, out var file))
                {
                    // A shard name is a file in the folder; a path out of it is refused rather than followed.
                    var shardPath = System.IO.Path.Combine(directory, shard);
                    if (shard != System.IO.Path.GetFileName(shard) || !System.IO.File.Exists(shardPath))
                    {
                        throw new SafetensorsFormatException(index, $"weight_map.{tensor}", $"names shard {shard}, which is not in the folder");
                    }
                    file = SafetensorsFile.Open(shardPath);
                    opened[shard] = file;
                }
                if (!file.Contains(tensor))
                {
                    throw new SafetensorsFormatException(index, $"weight_map.{tensor}", $"names shard {shard}, which has no such tensor");
                }
                fileOf[tensor] = file;
            }
            var files = opened.Values.ToList();
            var tensors = files.SelectMany(f => f.Tensors).Where(t => fileOf.TryGetValue(t.Name, out var f) && f.Path == t.File).ToList();
            return new SafetensorsCheckpoint(files, fileOf, tensors);
        }
        catch
        {
            foreach (var file in opened.Values)
            {
                file.Dispose();
            }
            throw;
        }
    }

    private static List<(string Tensor, string Shard)> ReadWeightMap(string index)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(System.IO.File.ReadAllBytes(index));
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(index, "index", $"is not JSON ({e.Message.Split('\n')[0].TrimEnd()})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var map)
                || map.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(index, "weight_map", "is missing or not an object");
            }
            var entries = new List<(string, string)>();
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw new SafetensorsFormatException(index, $"weight_map.{entry.Name}", $"is a JSON {entry.Value.ValueKind}, not a shard file name");
                }
                entries.Add((entry.Name, entry.Value.GetString()!));
            }
            if (entries.Count == 0)
            {
                throw new SafetensorsFormatException(index, "weight_map", "names no tensors");
            }
            return entries;
        }
    }
}
