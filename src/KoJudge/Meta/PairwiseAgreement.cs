using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>
/// How a pairwise judge did on one group of gold pairs. Rates are over the judged pairs (those with a row), where a
/// pair without a verdict counts as wrong, as KUDGE's report of Prometheus-7B (0.14, with 584 of 818 parses failed)
/// shows it must: dropping failures would have hidden them. The flip rate is over the pairs with a verdict, since a
/// pair without one has no two orders to disagree. Pairs with no row at all are counted apart, in <see cref="Missing"/>.
/// </summary>
public sealed record PairwiseAgreement(
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("judged")] int Judged,
    [property: JsonPropertyName("missing")] int Missing,
    [property: JsonPropertyName("correct")] int Correct,
    [property: JsonPropertyName("wrong")] int Wrong,
    [property: JsonPropertyName("ties")] int Ties,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("failed_by_kind")] IReadOnlyDictionary<string, int> FailedByKind,
    [property: JsonPropertyName("accuracy")] PairwiseRate Accuracy,
    [property: JsonPropertyName("accuracy_ties_half")] double? AccuracyTiesHalf,
    [property: JsonPropertyName("failure_rate")] PairwiseRate FailureRate,
    [property: JsonPropertyName("flip_rate")] PairwiseRate FlipRate,
    [property: JsonPropertyName("tie_rate")] PairwiseRate TieRate);
