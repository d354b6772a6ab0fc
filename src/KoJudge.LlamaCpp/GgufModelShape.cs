using System.Globalization;
using LLama;
using LLama.Common;
using LLama.Exceptions;

namespace KoJudge.LlamaCpp;

/// <summary>
/// A GGUF model's architecture and transformer shape, as llama.cpp reads them from the file's metadata: what a LoRA
/// converter checks an adapter against. Read through llama.cpp with the vocabulary alone, so no weight is loaded.
/// </summary>
public sealed record GgufModelShape(string Architecture, int Layers, int Heads, int KvHeads, int HeadDimension, int Embedding, int? FeedForward)
{
    /// <exception cref="InvalidDataException">llama.cpp cannot read the file, or its metadata lacks a shape key or holds a bad one.</exception>
    public static GgufModelShape Read(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file not found: {modelPath}", modelPath);
        }
        LlamaCppNative.EnsureConfigured();
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            // VocabOnly still reads every metadata key (llama.cpp loads the hyperparameters before the vocabulary).
            using var weights = LLamaWeights.LoadFromFile(new ModelParams(modelPath) { VocabOnly = true });
            metadata = weights.Metadata;
        }
        catch (LoadWeightsFailedException e)
        {
            throw new InvalidDataException($"llama.cpp could not load {modelPath}: {LlamaCppNative.TakeRecentErrors()}", e);
        }
        var architecture = metadata.GetValueOrDefault("general.architecture")
            ?? throw new InvalidDataException($"{modelPath}: metadata key 'general.architecture' is missing");
        int Number(string key, int? fallback = null)
        {
            var name = $"{architecture}.{key}";
            if (!metadata.TryGetValue(name, out var text))
            {
                return fallback ?? throw new InvalidDataException($"{modelPath}: metadata key '{name}' is missing");
            }
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidDataException($"{modelPath}: metadata key '{name}' is {text}, not a whole number above 0");
        }
        var heads = Number("attention.head_count");
        var embedding = Number("embedding_length");
        // llama.cpp's own default: a head is the embedding over the heads unless the file says otherwise.
        var headDimension = Number("attention.key_length", Number("rope.dimension_count", embedding / heads));
        return new GgufModelShape(
            architecture,
            Number("block_count"),
            heads,
            Number("attention.head_count_kv", heads),
            headDimension,
            embedding,
            metadata.ContainsKey($"{architecture}.feed_forward_length") ? Number("feed_forward_length") : null);
    }
}
