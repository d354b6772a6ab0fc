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
        var random = new SplitMix64(seed);
        var sampleX = new double[x.Count];
        var sampleY = new double[y.Count];
        var values = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < x.Count; i++)
            {
                var pick = (int)(random.Next() % (ulong)x.Count);
                sampleX[i] = x[pick];
                sampleY[i] = y[pick];
            }
            if (statistic(sampleX, sampleY) is { } value)
            {
                values.Add(value);
            }
        }
        if (values.Count < resamples / 2)
        {
            return null;
        }
        values.Sort();
        var tail = (1 - confidence) / 2;
        return (Percentile(values, tail), Percentile(values, 1 - tail));
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
