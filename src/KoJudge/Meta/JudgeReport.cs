using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>
/// One judge's agreement with the gold: overall and per category, at the level of models (ρ of per-model means and,
/// for a judge on the gold's 0–10 range, the mean absolute error of those means: the LogicKor score of the turn
/// compared), and its score heatmaps.
/// </summary>
public sealed record JudgeReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("judge")] string? Judge,
    [property: JsonPropertyName("scale")] JudgeScale Scale,
    [property: JsonPropertyName("overall")] AgreementSummary Overall,
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, AgreementSummary> Categories,
    [property: JsonPropertyName("no_agreement_because")] string? NoAgreementBecause,
    [property: JsonPropertyName("model_means")] IReadOnlyList<ModelMean> ModelMeans,
    [property: JsonPropertyName("model_spearman")] double? ModelSpearman,
    [property: JsonPropertyName("score_mae")] double? ScoreMeanAbsoluteError,
    [property: JsonPropertyName("excluded")] IReadOnlyDictionary<string, int> Excluded,
    [property: JsonPropertyName("heatmaps")] IReadOnlyList<ScoreHeatmap> Heatmaps)
{
    /// <summary>A correlation over fewer than this many items (or models) is flagged: its interval is wide and its value unstable.</summary>
    public const int SmallN = 30;
}
