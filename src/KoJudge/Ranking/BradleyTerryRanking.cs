using KoJudge.Statistics;

namespace KoJudge.Ranking;

/// <summary>
/// Ranks models from pairwise battles: maximum-likelihood Bradley–Terry without regularisation, on the Elo scale
/// (400 · log10 of the odds) with the anchor at 1000, and 95% percentile-bootstrap intervals over the battles.
/// </summary>
/// <remarks>
/// With length control the battle's normalised length difference z = (a − b) / (a + b) (characters) is fitted beside
/// the ratings, as Arena-Hard's style control does, and the ratings are read at z = 0, equal length. Arena-Hard also
/// centres and scales z over its battles; that is harmless there, where every battle is a model against one baseline
/// in one orientation, but here a battle may name either model first, and a centred z would make the ratings depend
/// on which side a row calls A. Scaling changes nothing but γ's unit, so z is left as it is.
/// </remarks>
public static class BradleyTerryRanking
{
    public const double AnchorRating = 1000;

    /// <summary>Elo points per natural log-odds unit: 400 · log10(e^θ) = θ · 400 / ln 10.</summary>
    public const double EloPerLogOdds = 400 / 2.302585092994046;

    public static RankingOutcome Rank(BattleSet set, RankingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        options ??= new RankingOptions();
        var battles = set.Battles;
        if (battles.Count == 0)
        {
            return RankingOutcome.Refused(RankingProblemKind.NoBattles, $"no battles: none of the {set.FailedRows} rows has a verdict");
        }
        if (options.LengthControl && battles.FirstOrDefault(x => x.LengthA is null || x.LengthB is null) is not null)
        {
            throw new ArgumentException("Length control needs both answers' lengths in every battle.", nameof(set));
        }
        var names = battles.SelectMany(x => new[] { x.ModelA, x.ModelB }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var a = battles.Select(x => index[x.ModelA]).ToArray();
        var b = battles.Select(x => index[x.ModelB]).ToArray();
        var score = battles.Select(x => x.ScoreA).ToArray();
        var pieces = ComparisonGraph.Pieces(names.Count, a, b);
        if (pieces.Count > 1)
        {
            var groups = pieces.Select(p => (IReadOnlyList<string>)p.Select(m => names[m]).ToList()).ToArray();
            return RankingOutcome.Refused(
                RankingProblemKind.Disconnected,
                $"the battles fall into {pieces.Count} groups that never met, so no rating compares across them: "
                + string.Join("; ", groups.Select(g => "{" + string.Join(", ", g) + "}")),
                groups);
        }
        var anchorName = options.Anchor ?? DefaultAnchor(battles, names);
        if (!index.TryGetValue(anchorName, out var anchor))
        {
            return RankingOutcome.Refused(RankingProblemKind.UnknownAnchor, $"the anchor '{anchorName}' is in no battle; the models are {string.Join(", ", names)}");
        }
        if (ComparisonGraph.Unbeaten(names.Count, a, b, score, null) is { } unbeaten)
        {
            var group = unbeaten.Group.Select(m => names[m]).ToList();
            var rest = Enumerable.Range(0, names.Count).Except(unbeaten.Group).Select(m => names[m]).ToList();
            return RankingOutcome.Refused(
                RankingProblemKind.NoFiniteMaximum,
                $"{string.Join(", ", group)} {(unbeaten.Won ? "won" : "lost")} every battle against {string.Join(", ", rest)}, so "
                + "the maximum-likelihood ratings are infinite (unregularised Bradley–Terry needs every group of models to have lost or tied at least once to the rest)",
                group, rest);
        }
        double[]? covariate = options.LengthControl
            ? battles.Select(x => LengthDifference(x.LengthA!.Value, x.LengthB!.Value)).ToArray()
            : null;
        // Where no battle's answers differ in length, length has nothing to explain and its weight is not determined.
        if (covariate is not null && covariate.All(z => z == 0))
        {
            covariate = null;
        }
        var fit = new BradleyTerryFit(names.Count, anchor, a, b, score, covariate);
        if (fit.Maximize() is not { } theta)
        {
            return RankingOutcome.Refused(
                RankingProblemKind.NoFiniteMaximum,
                covariate is null
                    ? "the likelihood has no finite maximum (Newton's method did not converge)"
                    : "the likelihood has no finite maximum: with the length difference beside the ratings, some split of the battles is won entirely by the longer (or the shorter) answers",
                names);
        }
        var (intervals, withoutMaximum) = Intervals(fit, names.Count, options);
        var ratings = names.Select((name, m) => Describe(name, m, theta, intervals, battles, set, anchorName)).OrderByDescending(r => r.Rating).ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
        var unrated = set.FailedByModel.Keys.Where(m => !index.ContainsKey(m)).Order(StringComparer.Ordinal).ToList();
        return RankingOutcome.Of(new Leaderboard(
            anchorName,
            options.Resamples,
            options.Seed,
            options.LengthControl,
            covariate is null ? (options.LengthControl ? 0 : null) : theta[names.Count] * EloPerLogOdds,
            battles.Count,
            set.FailedRows,
            withoutMaximum,
            unrated,
            ratings));
    }

    /// <summary>The baseline, where exactly one model is in every battle; else the first model by name.</summary>
    public static string DefaultAnchor(IReadOnlyList<Battle> battles, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(battles);
        ArgumentNullException.ThrowIfNull(names);
        var inEvery = names.Where(n => battles.All(x => x.ModelA == n || x.ModelB == n)).ToList();
        return inEvery.Count == 1 ? inEvery[0] : names[0];
    }

    /// <summary>(a − b) / (a + b): −1 to 1, 0 at equal length (two empty answers too).</summary>
    public static double LengthDifference(int lengthA, int lengthB) => lengthA + lengthB == 0 ? 0 : (double)(lengthA - lengthB) / (lengthA + lengthB);

    private static (IReadOnlyList<(double Low, double High)?> Intervals, int WithoutMaximum) Intervals(BradleyTerryFit fit, int models, RankingOptions options)
    {
        if (options.Resamples <= 0)
        {
            return (new (double, double)?[models], 0);
        }
        var weights = new double[fit.Battles];
        return BootstrapInterval.ComputeEach(fit.Battles, models, picks =>
        {
            Array.Clear(weights);
            foreach (var pick in picks)
            {
                weights[pick]++;
            }
            return fit.Maximize(weights) is { } theta ? theta[..models].Select(t => AnchorRating + t * EloPerLogOdds).ToArray() : null;
        }, options.Resamples, seed: options.Seed);
    }

    private static ModelRating Describe(
        string name, int m, double[] theta, IReadOnlyList<(double Low, double High)?> intervals, IReadOnlyList<Battle> battles, BattleSet set, string anchor)
    {
        var own = battles.Where(x => x.ModelA == name || x.ModelB == name).ToList();
        var againstAnchor = name == anchor ? [] : own.Where(x => x.ModelA == anchor || x.ModelB == anchor).ToList();
        double ScoreOf(Battle x) => x.ModelA == name ? x.ScoreA : 1 - x.ScoreA;
        return new ModelRating(
            name,
            AnchorRating + theta[m] * EloPerLogOdds,
            intervals[m]?.Low,
            intervals[m]?.High,
            own.Count,
            againstAnchor.Count,
            againstAnchor.Count == 0 ? null : againstAnchor.Sum(ScoreOf) / againstAnchor.Count,
            own.Count == 0 ? null : (double)own.Count(x => x.Flipped) / own.Count,
            set.FailedByModel.GetValueOrDefault(name));
    }
}
