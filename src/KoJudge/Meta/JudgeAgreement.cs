using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>
/// One judge's agreement with the gold in one line, for the side-by-side rows (the no-model floor, the bank judge, the
/// judge under test): Spearman's ρ over answers, ρ over per-model means (does it rank the models as the gold does),
/// and, for a judge on the gold's scale, the mean absolute error of each model's mean score (the LogicKor score of
/// the turn compared).
/// </summary>
public sealed record JudgeAgreement(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("judge")] string Judge,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("spearman")] double? Spearman,
    [property: JsonPropertyName("models")] int Models,
    [property: JsonPropertyName("model_spearman")] double? ModelSpearman,
    [property: JsonPropertyName("score_mae")] double? ScoreMeanAbsoluteError);
