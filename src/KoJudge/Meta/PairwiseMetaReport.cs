using System.Text.Json;
using System.Text.Json.Serialization;
using KoJudge.Verdicts;

namespace KoJudge.Meta;

/// <summary>
/// A pairwise judge against gold preferences, per category (KUDGE's subset, LogicKor's category; in the gold's order)
/// and overall. Gold pairs without a judged row are named in <see cref="Missing"/>; judged rows of no gold pair in
/// <see cref="Unmatched"/>, which a caller should refuse: they were made from another set or other settings.
/// </summary>
public sealed record PairwiseMetaReport(
    [property: JsonPropertyName("gold")] string Gold,
    [property: JsonPropertyName("judged")] string Judged,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, PairwiseAgreement> Categories,
    [property: JsonPropertyName("overall")] PairwiseAgreement Overall,
    [property: JsonPropertyName("missing")] IReadOnlyList<string> Missing,
    [property: JsonIgnore] IReadOnlyList<PairwiseJudgment> Unmatched)
{
    public const string WilsonInterval95 = "wilson 95%";

    /// <summary>The group of a pair without a category.</summary>
    public const string Uncategorised = "(none)";

    public static PairwiseMetaReport Compute(IReadOnlyList<GoldPair> gold, IReadOnlyList<PairwiseJudgment> judged, string goldName, string judgedName)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(judged);
        var byId = judged.ToDictionary(j => j.Id, StringComparer.Ordinal);
        var goldIds = gold.Select(g => g.Item.Id).ToHashSet(StringComparer.Ordinal);
        var categories = gold.GroupBy(g => g.Item.Category ?? Uncategorised, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Agreement(g.ToList(), byId), StringComparer.Ordinal);
        return new PairwiseMetaReport(
            goldName,
            judgedName,
            WilsonInterval95,
            categories,
            Agreement(gold, byId),
            gold.Where(g => !byId.ContainsKey(g.Item.Id)).Select(g => g.Item.Id).ToList(),
            judged.Where(j => !goldIds.Contains(j.Id)).ToList());
    }

    private static PairwiseAgreement Agreement(IReadOnlyList<GoldPair> gold, Dictionary<string, PairwiseJudgment> byId)
    {
        var rows = gold.Where(g => byId.ContainsKey(g.Item.Id)).Select(g => (Gold: g.Winner, Judged: byId[g.Item.Id])).ToList();
        var failed = rows.Where(r => r.Judged.Verdict is null).ToList();
        var correct = rows.Count(r => r.Judged.Verdict == r.Gold);
        var ties = rows.Count(r => r.Judged.Verdict == PairwiseWinner.Tie);
        var withVerdict = rows.Count - failed.Count;
        var kinds = failed.GroupBy(r => r.Judged.ErrorKind is { } kind ? JsonSerializer.Serialize(kind).Trim('"') : "unknown", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new PairwiseAgreement(
            gold.Count,
            rows.Count,
            gold.Count - rows.Count,
            correct,
            withVerdict - correct - ties,
            ties,
            failed.Count,
            kinds,
            PairwiseRate.Share(correct, rows.Count),
            rows.Count == 0 ? null : (correct + ties / 2.0) / rows.Count,
            PairwiseRate.Share(failed.Count, rows.Count),
            PairwiseRate.Share(rows.Count(r => r.Judged.Verdict is not null && r.Judged.Flipped), withVerdict),
            PairwiseRate.Share(ties, rows.Count));
    }
}
