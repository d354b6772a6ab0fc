namespace KoJudge.Statistics;

/// <summary>
/// The difference of one statistic between two judges of the same items, with a paired percentile bootstrap interval:
/// each resample draws one set of item indices and computes both judges' statistic on those same items, so what the
/// items share (their difficulty, the gold's noise) cancels out of the difference instead of widening it.
/// </summary>
public static class PairedBootstrap
{
    /// <returns>Estimate (a − b on all items) and its interval; null where either side's statistic is undefined on all items, or the interval is.</returns>
    public static (double Estimate, double Low, double High)? Difference(
        IReadOnlyList<double> gold,
        IReadOnlyList<double> a,
        IReadOnlyList<double> b,
        Func<IReadOnlyList<double>, IReadOnlyList<double>, double?> statistic,
        int resamples = BootstrapInterval.DefaultResamples,
        double confidence = 0.95,
        ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(statistic);
        if (gold.Count != a.Count || gold.Count != b.Count)
        {
            throw new ArgumentException($"Paired samples differ in length: {gold.Count}, {a.Count} and {b.Count}.");
        }
        if (gold.Count < 2 || statistic(gold, a) is not { } onA || statistic(gold, b) is not { } onB)
        {
            return null;
        }
        var sampleGold = new double[gold.Count];
        var sampleA = new double[a.Count];
        var sampleB = new double[b.Count];
        var (intervals, _) = BootstrapInterval.ComputeEach(gold.Count, 1, picks =>
        {
            for (var i = 0; i < picks.Count; i++)
            {
                sampleGold[i] = gold[picks[i]];
                sampleA[i] = a[picks[i]];
                sampleB[i] = b[picks[i]];
            }
            return statistic(sampleGold, sampleA) is { } x && statistic(sampleGold, sampleB) is { } y ? [x - y] : null;
        }, resamples, confidence, seed);
        return intervals[0] is { } interval ? (onA - onB, interval.Low, interval.High) : null;
    }
}
