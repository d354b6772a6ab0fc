using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>One model's mean score from the gold and from a judge, over the answers both scored.</summary>
public sealed record ModelMean(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("gold_mean")] double GoldMean,
    [property: JsonPropertyName("judge_mean")] double JudgeMean);
