namespace KoJudge.Gguf.Conversion;

/// <summary>What a model conversion wrote.</summary>
public sealed record ModelConversionSummary(
    string Output,
    GgufTensorType Type,
    int Tensors,
    long Parameters,
    int Layers,
    int VocabularyTokens,
    int PaddingTokens,
    string PreTokenizer,
    bool WroteRopeFrequencies,
    bool TiedOutput);
