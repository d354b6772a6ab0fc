using System.Text.Json.Serialization;

namespace KoJudge.Kudge;

/// <summary>How often a judge scores a corrupted answer below its original human score, overall and per kind of corruption.</summary>
public sealed record KudgeFalseInfoReport(
    [property: JsonPropertyName("overall")] KudgeFalseInfoReport.Counts Overall,
    [property: JsonPropertyName("kinds")] IReadOnlyDictionary<string, KudgeFalseInfoReport.Counts> Kinds)
{
    /// <param name="scores">The judge's score for item k (1-based row) at index k - 1; null where it gave no verdict.</param>
    public static KudgeFalseInfoReport Compute(IReadOnlyList<KudgeFalseInfoItem> items, IReadOnlyList<int?> scores)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(scores);
        if (items.Count != scores.Count)
        {
            throw new ArgumentException($"{items.Count} items but {scores.Count} judgments: the two must be aligned row by row.");
        }
        Counts Count(IEnumerable<int> indexes)
        {
            var list = indexes.ToList();
            var judged = list.Where(i => scores[i] is not null).ToList();
            var below = judged.Count(i => scores[i] < items[i].OriginalHumanScore);
            return new Counts(list.Count, below, judged.Count - below, list.Count - judged.Count, judged.Count == 0 ? null : (double)below / judged.Count);
        }
        var all = Enumerable.Range(0, items.Count).ToList();
        return new KudgeFalseInfoReport(
            Count(all),
            all.GroupBy(i => items[i].Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Count(g)));
    }

    public sealed record Counts(
        [property: JsonPropertyName("n")] int N,
        [property: JsonPropertyName("below_original")] int Below,
        [property: JsonPropertyName("not_below")] int NotBelow,
        [property: JsonPropertyName("no_verdict")] int NoVerdict,
        [property: JsonPropertyName("below_rate")] double? BelowRate);
}
