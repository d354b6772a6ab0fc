using KoJudge.Baselines;
using KoJudge.LogicKor;
using KoJudge.Statistics;

namespace KoJudge.Meta;

/// <summary>Computes the agreement figures of a set of pairs: ρ with its bootstrap interval, τ-b, r, agreement, and the floor's ρ.</summary>
public static class MetaEvaluator
{
    /// <summary>The figures of a judge whose scale is not known: agreement is counted where every score is a whole point from 1 to 5, as Prometheus gives.</summary>
    public static AgreementSummary Summarize(IReadOnlyList<MetaPair> pairs, int resamples = BootstrapInterval.DefaultResamples, ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var fivePoint = pairs.Count > 0 && pairs.All(p => p.Judged is >= 1 and <= 5 && p.Judged == Math.Floor(p.Judged));
        return Summarize(pairs, fivePoint ? new JudgeScale("1–5", 1, 5, WholePoints: true) : new JudgeScale("", 0, 1, WholePoints: false), resamples, seed);
    }

    /// <summary>
    /// The figures of a judge on a known scale: exact and within-1 agreement on the 1–5 scale (the gold mapped by
    /// <see cref="GoldScale"/>) or on the gold's own 0–10; none on any other scale.
    /// </summary>
    public static AgreementSummary Summarize(IReadOnlyList<MetaPair> pairs, JudgeScale scale, int resamples = BootstrapInterval.DefaultResamples, ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(scale);
        var gold = pairs.Select(p => p.Gold).ToArray();
        var judged = pairs.Select(p => p.Judged).ToArray();
        var interval = BootstrapInterval.Compute(gold, judged, Correlation.Spearman, resamples, seed: seed);
        Func<MetaPair, double>? distance = pairs.Count == 0 || scale.WhyNoAgreement is not null
            ? null
            : scale.IsFivePoint ? p => Math.Abs(GoldScale.ToFivePoint(p.Gold) - Math.Round(p.Judged)) : p => Math.Abs(p.Gold - p.Judged);
        var withFloor = pairs.Where(p => p.Floor is not null).ToList();
        return new AgreementSummary(
            pairs.Count,
            Correlation.Spearman(gold, judged),
            interval is { } ci ? [ci.Low, ci.High] : null,
            Correlation.KendallTauB(gold, judged),
            Correlation.Pearson(gold, judged),
            distance is null ? null : pairs.Average(p => distance(p) == 0 ? 1.0 : 0.0),
            distance is null ? null : pairs.Average(p => distance(p) <= 1 ? 1.0 : 0.0),
            withFloor.Count == pairs.Count
                ? Correlation.Spearman(gold, withFloor.Select(p => p.Floor!.Value).ToArray())
                : null);
    }
}
