using KoJudge.LogicKor;
using KoJudge.Statistics;

namespace KoJudge.Meta;

/// <summary>Puts several judges beside one gold: each judge's figures, the paired differences in ρ, and the worst disagreements.</summary>
public static class MetaComparer
{
    public const int DisagreementsShown = 20;

    public static MetaComparison Compare(
        IReadOnlyList<MetaJudge> judges, MetaRunInfo run, int resamples = BootstrapInterval.DefaultResamples, ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(judges);
        ArgumentNullException.ThrowIfNull(run);
        var categories = LogicKorCategories.InOrder(judges.SelectMany(j => j.Pairs).Select(p => p.Category)).ToList();
        var reports = judges.Select(j => Report(j, categories, resamples, seed)).ToList();
        var differences = new List<RhoDifference>();
        for (var a = 0; a < judges.Count; a++)
        {
            for (var b = a + 1; b < judges.Count; b++)
            {
                differences.AddRange(categories.Append(MetaComparison.Overall).Select(c => Difference(judges[a], judges[b], c, resamples, seed)));
            }
        }
        return new MetaComparison(run, categories, reports, differences, Disagreements(judges), resamples, seed);
    }

    /// <summary>ρ of <paramref name="a"/> minus ρ of <paramref name="b"/> on the answers both scored in the category, resampled together.</summary>
    public static RhoDifference Difference(MetaJudge a, MetaJudge b, string category, int resamples = BootstrapInterval.DefaultResamples, ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        bool InCategory(MetaPair p) => category == MetaComparison.Overall || p.Category == category;
        var scoredByB = b.Pairs.Where(InCategory).ToDictionary(p => (p.Model, p.Id), p => p.Judged);
        var common = a.Pairs.Where(p => InCategory(p) && scoredByB.ContainsKey((p.Model, p.Id))).ToList();
        var difference = PairedBootstrap.Difference(
            common.Select(p => p.Gold).ToArray(),
            common.Select(p => p.Judged).ToArray(),
            common.Select(p => scoredByB[(p.Model, p.Id)]).ToArray(),
            Correlation.Spearman,
            resamples,
            seed: seed);
        return new RhoDifference(a.Name, b.Name, category, common.Count, difference?.Estimate, difference?.Low, difference?.High);
    }

    private static JudgeReport Report(MetaJudge judge, IReadOnlyList<string> categories, int resamples, ulong seed)
    {
        var byCategory = categories.ToDictionary(c => c, c => judge.Pairs.Where(p => p.Category == c).ToList());
        var models = judge.Pairs.GroupBy(p => p.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ModelMean(g.Key, g.Count(), g.Average(p => p.Gold), g.Average(p => p.Judged)))
            .ToList();
        return new JudgeReport(
            judge.Name,
            judge.Kind,
            judge.Source,
            judge.Judge,
            judge.Scale,
            MetaEvaluator.Summarize(judge.Pairs, judge.Scale, resamples, seed),
            byCategory.ToDictionary(c => c.Key, c => MetaEvaluator.Summarize(c.Value, judge.Scale, resamples, seed)),
            judge.Scale.WhyNoAgreement,
            models,
            models.Count >= 2 ? Correlation.Spearman(models.Select(m => m.GoldMean).ToArray(), models.Select(m => m.JudgeMean).ToArray()) : null,
            judge.Scale.Low == JudgeScale.Gold.Low && judge.Scale.High == JudgeScale.Gold.High && models.Count > 0 ? models.Average(m => Math.Abs(m.GoldMean - m.JudgeMean)) : null,
            judge.Excluded,
            byCategory.Select(c => ScoreHeatmap.Of(judge.Name, c.Key, judge.Scale, c.Value)).ToList());
    }

    /// <summary>
    /// The answers on which a judge (any but the floor, which is no judgment) and the gold lie furthest apart, both
    /// scales normalised to 0–1; ties go by judge order, then model and question, so the list is the same every run.
    /// </summary>
    private static List<Disagreement> Disagreements(IReadOnlyList<MetaJudge> judges) =>
        judges.Select((judge, order) => (judge, order))
            .Where(j => j.judge.Kind != MetaJudge.FloorKind)
            .SelectMany(j => j.judge.Pairs.Select(p => (j.judge, j.order, Pair: p, Gap: Math.Abs(j.judge.Scale.Normalise(p.Judged) - JudgeScale.Gold.Normalise(p.Gold)))))
            .OrderByDescending(d => d.Gap)
            .ThenBy(d => d.order)
            .ThenBy(d => d.Pair.Model, StringComparer.Ordinal)
            .ThenBy(d => d.Pair.Id)
            .Take(DisagreementsShown)
            .Select(d => new Disagreement(
                d.judge.Name, d.Pair.Model, d.Pair.Id, d.Pair.Category, d.Gap, d.Pair.Gold, d.Pair.Judged,
                d.Pair.Question, d.Pair.Answer, d.Pair.GoldFeedback, d.Pair.JudgedFeedback))
            .ToList();
}
