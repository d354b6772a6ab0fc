using System.Text.Json.Nodes;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;

namespace KoJudge.LlamaCpp.Tests.Support;

/// <summary>Hugging Face checkpoint folders for the reference's tests: generated, or rewritten from another.</summary>
internal static class HuggingFaceFolders
{
    public static string New() => Directory.CreateTempSubdirectory("kojudge-reference-").FullName;

    public static string Generate(HuggingFaceLlamaSpec spec)
    {
        var directory = New();
        HuggingFaceCheckpointWriter.Write(directory, spec);
        return directory;
    }

    /// <summary>
    /// A copy of <paramref name="source"/> with its config edited and each tensor's shape and values replaced by
    /// <paramref name="tensor"/> (given the name, shape and values), in the dtype it had.
    /// </summary>
    public static string Rewrite(string source, Action<JsonObject> editConfig, Func<string, IReadOnlyList<long>, float[], (long[] Shape, float[] Values)> tensor)
    {
        var directory = New();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(source, HuggingFaceCheckpointWriter.ConfigFileName)))!.AsObject();
        editConfig(config);
        File.WriteAllText(Path.Combine(directory, HuggingFaceCheckpointWriter.ConfigFileName), config.ToJsonString());
        var writer = new SafetensorsWriter();
        using (var checkpoint = SafetensorsCheckpoint.Open(source))
        {
            foreach (var t in checkpoint.Tensors)
            {
                var (shape, values) = tensor(t.Name, t.Shape, checkpoint.ReadSingles(t.Name));
                writer.Add(t.Name, t.Dtype, shape, values);
            }
        }
        writer.Write(Path.Combine(directory, SafetensorsCheckpoint.SingleFileName));
        return directory;
    }
}
