namespace KoJudge.Statistics;

/// <summary>
/// A percentile bootstrap interval: resample the pairs with replacement, recompute the statistic, and take the
/// 2.5th and 97.5th percentiles. The generator is seeded, so the same data always gives the same interval.
/// </summary>
public static class BootstrapInterval
{
    public const int DefaultResamples = 1000;
    public const ulong DefaultSeed = 20240708;

    /// <returns>The interval, or null where fewer than half the resamples give a defined statistic.</returns>
    public static (double Low, double High)? Compute(
        IReadOnlyList<double> x,
        IReadOnlyList<double> y,
        Func<IReadOnlyList<double>, IReadOnlyList<double>, double?> statistic,
        int resamples = DefaultResamples,
        double confidence = 0.95,
        ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(statistic);
        if (x.Count < 2)
        {
            return null;
        }
        var sampleX = new double[x.Count];
        var sampleY = new double[y.Count];
        var intervals = ComputeEach(x.Count, 1, picks =>
        {
            for (var i = 0; i < picks.Count; i++)
            {
                sampleX[i] = x[picks[i]];
                sampleY[i] = y[picks[i]];
            }
            return statistic(sampleX, sampleY) is { } value ? [value] : null;
        }, resamples, confidence, seed);
        return intervals.Intervals[0];
    }

    /// <summary>
    /// Intervals for a statistic of several values at once (one rating per model, from one fit per resample): each
    /// resample draws <paramref name="count"/> indices with replacement and hands them to <paramref name="statistic"/>,
    /// which returns one value per dimension, or null where the resample gives none (a fit with no finite maximum).
    /// </summary>
    /// <returns>Per dimension the interval, null where fewer than half the resamples gave a value; and how many resamples gave none.</returns>
    public static (IReadOnlyList<(double Low, double High)?> Intervals, int Undefined) ComputeEach(
        int count,
        int dimensions,
        Func<IReadOnlyList<int>, IReadOnlyList<double>?> statistic,
        int resamples = DefaultResamples,
        double confidence = 0.95,
        ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new SplitMix64(seed);
        var picks = new int[count];
        var values = Enumerable.Range(0, dimensions).Select(_ => new List<double>(resamples)).ToArray();
        var undefined = 0;
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < count; i++)
            {
                picks[i] = (int)(random.Next() % (ulong)count);
            }
            if (statistic(picks) is not { } result)
            {
                undefined++;
                continue;
            }
            for (var d = 0; d < dimensions; d++)
            {
                values[d].Add(result[d]);
            }
        }
        var tail = (1 - confidence) / 2;
        var intervals = values.Select(v =>
        {
            if (v.Count == 0 || v.Count < resamples / 2)
            {
                return null as (double, double)?;
            }
            v.Sort();
            return (Percentile(v, tail), Percentile(v, 1 - tail));
        }).ToList();
        return (intervals, undefined);
    }

    // Linear interpolation between closest ranks, numpy's default percentile.
    private static double Percentile(List<double> sorted, double fraction)
    {
        var position = fraction * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
