namespace KoJudge.Gguf.TestModels;

/// <summary>
/// Llama 3.1's <c>rope_scaling</c> of type <c>llama3</c>, every field inside it as Hugging Face reads them, including
/// <c>original_max_position_embeddings</c> (which llama.cpp's Python converter reads from the top level instead).
/// </summary>
public sealed record HuggingFaceRopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositionEmbeddings);
