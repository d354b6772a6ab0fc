namespace KoJudge.Gguf.TestModels;

/// <summary>
/// Generated models kept on disk, named by what made them, so each is written once per machine.
/// <see cref="Default"/> lives in <c>$KOJUDGE_CACHE_DIR</c>, else <c>~/.cache/kojudge</c>.
/// </summary>
public sealed class TestModelCache(string directory)
{
    // Bump when the writer changes what it writes, so stale files are not reused.
    private const int WriterVersion = 1;

    public static TestModelCache Default { get; } = new(Path.Combine(
        Environment.GetEnvironmentVariable("KOJUDGE_CACHE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kojudge"),
        "models"));

    public string Directory { get; } = directory;

    /// <summary>The tiny byte-vocabulary model and its LoRA adapter.</summary>
    public (string Model, string Lora) Tiny()
    {
        var model = GetOrWrite($"tiny-v{WriterVersion}.gguf", path => TestModelWriter.WriteModel(path, TestModelSpec.Tiny, ByteLevelVocabulary.Tiny()));
        var lora = GetOrWrite($"tiny-lora-v{WriterVersion}.gguf", path => TestModelWriter.WriteLora(path, TestModelSpec.Tiny));
        return (model, lora);
    }

    /// <summary>A model of <paramref name="spec"/>'s shape with the vocabulary of a Hugging Face <c>tokenizer.json</c>.</summary>
    public string WithTokenizer(TestModelSpec spec, string tokenizerJson, string name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var file = $"{name}-{spec.Layers}x{spec.Embedding}x{spec.FeedForward}-s{spec.Seed}-v{WriterVersion}.gguf";
        return GetOrWrite(file, path => TestModelWriter.WriteModel(path, spec, ByteLevelVocabulary.FromTokenizerJson(tokenizerJson)));
    }

    private string GetOrWrite(string file, Action<string> write)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            write(path);
        }
        return path;
    }
}
