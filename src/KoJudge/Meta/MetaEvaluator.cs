using KoJudge.Baselines;
using KoJudge.LogicKor;
using KoJudge.Statistics;

namespace KoJudge.Meta;

/// <summary>Computes the agreement figures of a set of pairs: ρ with its bootstrap interval, τ-b, r, agreement, and the floor's ρ.</summary>
public static class MetaEvaluator
{
    /// <summary>The table: every category LogicKor has, then all pairs together.</summary>
    public static MetaTable Table(
        IReadOnlyList<MetaPair> pairs, string judge, string gold, string strategy, LogicKorTurn turn, IReadOnlyDictionary<string, int> excluded)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var categories = LogicKorCategories.InOrder(pairs.Select(p => p.Category))
            .ToDictionary(c => c, c => Summarize(pairs.Where(p => p.Category == c).ToList()));
        return new MetaTable(
            judge, gold, strategy, turn == LogicKorTurn.SingleTurn ? "single" : "multi", BaselineJudge.Floor.Name,
            Summarize(pairs), categories, excluded);
    }

    public static AgreementSummary Summarize(IReadOnlyList<MetaPair> pairs, int resamples = BootstrapInterval.DefaultResamples, ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var gold = pairs.Select(p => p.Gold).ToArray();
        var judged = pairs.Select(p => p.Judged).ToArray();
        var interval = BootstrapInterval.Compute(gold, judged, Correlation.Spearman, resamples, seed: seed);
        // Agreement needs the judge on the 1-5 scale: whole scores from 1 to 5, as Prometheus gives.
        var fivePoint = pairs.Count > 0 && judged.All(j => j is >= 1 and <= 5 && j == Math.Floor(j));
        var withFloor = pairs.Where(p => p.Floor is not null).ToList();
        return new AgreementSummary(
            pairs.Count,
            Correlation.Spearman(gold, judged),
            interval is { } ci ? [ci.Low, ci.High] : null,
            Correlation.KendallTauB(gold, judged),
            Correlation.Pearson(gold, judged),
            fivePoint ? pairs.Average(p => GoldScale.ToFivePoint(p.Gold) == (int)p.Judged ? 1.0 : 0.0) : null,
            fivePoint ? pairs.Average(p => Math.Abs(GoldScale.ToFivePoint(p.Gold) - (int)p.Judged) <= 1 ? 1.0 : 0.0) : null,
            withFloor.Count == pairs.Count
                ? Correlation.Spearman(gold, withFloor.Select(p => p.Floor!.Value).ToArray())
                : null);
    }
}
