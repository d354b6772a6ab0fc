using LLama;
using LLama.Common;
using LLama.Exceptions;

namespace KoJudge.LlamaCpp;

/// <summary>A model's tokenizer alone, loaded without its weights, for <c>kojudge tokenize</c>.</summary>
public sealed class LlamaCppTokenizer : IDisposable
{
    private readonly LLamaWeights weights;

    private LlamaCppTokenizer(LLamaWeights weights) => this.weights = weights;

    /// <exception cref="InvalidDataException">llama.cpp cannot read the file as a model.</exception>
    public static LlamaCppTokenizer Load(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file not found: {modelPath}", modelPath);
        }
        LlamaCppNative.EnsureConfigured();
        try
        {
            return new LlamaCppTokenizer(LLamaWeights.LoadFromFile(new ModelParams(modelPath) { VocabOnly = true }));
        }
        catch (LoadWeightsFailedException e)
        {
            // As the engine says it: a file llama.cpp cannot read is bad data, with llama.cpp's own reason.
            throw new InvalidDataException($"llama.cpp could not load {modelPath}: {LlamaCppNative.TakeRecentErrors()}", e);
        }
    }

    /// <summary>Token ids with control tokens such as <c>&lt;|eot_id|&gt;</c> read as themselves, and no BOS added.</summary>
    public int[] Tokenize(string text) =>
        weights.Tokenize(text, add_bos: false, special: true, System.Text.Encoding.UTF8).Select(t => (int)t).ToArray();

    public void Dispose() => weights.Dispose();
}
