using KoJudge.Baselines;
using KoJudge.LogicKor;
using KoJudge.Statistics;

namespace KoJudge.Meta;

/// <summary>Computes the agreement figures of a set of pairs: ρ with its bootstrap interval, τ-b, r, agreement, and the floor's ρ.</summary>
public static class MetaEvaluator
{
    /// <summary>The table: every category LogicKor has, then all pairs together.</summary>
    /// <param name="onGoldScale">Whether the judge scores on the gold's scale, so its per-model means can be compared with the gold's (MAE).</param>
    /// <param name="bank">The bank judge's pairs (leave-one-model-out), shown beside the floor and the judge; null where it was not run.</param>
    public static MetaTable Table(
        IReadOnlyList<MetaPair> pairs, string judge, string gold, string strategy, LogicKorTurn turn, IReadOnlyDictionary<string, int> excluded,
        bool onGoldScale = false, IReadOnlyList<MetaPair>? bank = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var categories = LogicKorCategories.InOrder(pairs.Select(p => p.Category))
            .ToDictionary(c => c, c => Summarize(pairs.Where(p => p.Category == c).ToList()));
        var floorPairs = pairs.Where(p => p.Floor is not null).Select(p => p with { Judged = p.Floor!.Value }).ToList();
        var sideBySide = new List<JudgeAgreement> { Agreement("floor", "baseline:" + BaselineJudge.Floor.Name, floorPairs, onGoldScale: false) };
        if (bank is not null)
        {
            sideBySide.Add(Agreement("bank", $"{(judge == "bank-simple" ? "bank-simple" : "bank")} (leave-one-model-out)", bank, onGoldScale: true));
        }
        if (bank is null || !judge.StartsWith("bank", StringComparison.Ordinal))
        {
            sideBySide.Add(Agreement("judge", judge, pairs, onGoldScale));
        }
        return new MetaTable(
            judge, gold, strategy, turn == LogicKorTurn.SingleTurn ? "single" : "multi", BaselineJudge.Floor.Name,
            Summarize(pairs), categories, excluded)
        {
            SideBySide = sideBySide,
            BankSpearman = bank is null
                ? null
                : categories.Keys.Append("overall").ToDictionary(
                    c => c,
                    c => Correlation.Spearman(
                        bank.Where(p => c == "overall" || p.Category == c).Select(p => p.Gold).ToArray(),
                        bank.Where(p => c == "overall" || p.Category == c).Select(p => p.Judged).ToArray())),
        };
    }

    /// <summary>A judge's line: ρ over answers, ρ over per-model means, and the MAE of per-model means where the judge is on the gold's scale.</summary>
    public static JudgeAgreement Agreement(string role, string judge, IReadOnlyList<MetaPair> pairs, bool onGoldScale)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var models = pairs.GroupBy(p => p.Model, StringComparer.Ordinal)
            .Select(g => (Gold: g.Average(p => p.Gold), Judged: g.Average(p => p.Judged)))
            .ToList();
        return new JudgeAgreement(
            role,
            judge,
            pairs.Count,
            Correlation.Spearman(pairs.Select(p => p.Gold).ToArray(), pairs.Select(p => p.Judged).ToArray()),
            models.Count,
            models.Count >= 2 ? Correlation.Spearman(models.Select(m => m.Gold).ToArray(), models.Select(m => m.Judged).ToArray()) : null,
            onGoldScale && models.Count > 0 ? models.Average(m => Math.Abs(m.Gold - m.Judged)) : null);
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
