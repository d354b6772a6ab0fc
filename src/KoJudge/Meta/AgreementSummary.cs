using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>How far a judge agrees with the gold over a set of pairs. Undefined figures (a constant side) are null.</summary>
public sealed record AgreementSummary(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("spearman")] double? Spearman,
    [property: JsonPropertyName("spearman_ci")] IReadOnlyList<double>? SpearmanInterval,
    [property: JsonPropertyName("kendall_tau_b")] double? KendallTauB,
    [property: JsonPropertyName("pearson")] double? Pearson,
    [property: JsonPropertyName("exact_agreement")] double? ExactAgreement,
    [property: JsonPropertyName("within_one_agreement")] double? WithinOneAgreement,
    [property: JsonPropertyName("floor_spearman")] double? FloorSpearman);
