using Microsoft.ML.Data;

namespace KoJudge.Bank;

/// <summary>One row ML.NET reads: an answer's features and, for training, its gold score.</summary>
public sealed class BankExample
{
    [VectorType(BankFeatures.Count)]
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}
