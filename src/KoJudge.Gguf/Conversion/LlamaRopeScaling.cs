namespace KoJudge.Gguf.Conversion;

/// <summary>
/// A <c>rope_scaling</c> that llama.cpp can express: <c>linear</c> (positions divided by <paramref name="Factor"/>) or
/// Llama 3.1's <c>llama3</c>, whose other fields are read from inside <c>rope_scaling</c> as Hugging Face reads them.
/// </summary>
public sealed record LlamaRopeScaling(string Type, double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositionEmbeddings)
{
    public const string Linear = "linear";
    public const string Llama3 = "llama3";
}
