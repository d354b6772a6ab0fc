namespace KoJudge.Gguf.Conversion;

/// <summary>How far a conversion is: tensors written of all, and the one just written.</summary>
public sealed record ConversionProgress(int Done, int Total, string Tensor);
