namespace KoJudge.Statistics;

/// <summary>
/// The Wilson score interval for a proportion: <c>count</c> successes in <c>n</c> independent trials.
/// </summary>
/// <remarks>
/// Used for pairwise meta-evaluation's rates (accuracy, failures, flips, ties) rather than <see cref="BootstrapInterval"/>:
/// each is a binomial proportion over independent pairs, for which Wilson's interval is exact in form, needs no
/// resampling, and stays honest at the edges. A percentile bootstrap of 0 failures in 99 pairs is [0, 0], claiming
/// certainty; Wilson's is [0, 0.037]. It also keeps within [0, 1], which the normal (Wald) interval does not.
/// </remarks>
public static class WilsonInterval
{
    /// <summary>The standard normal quantile for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <returns>The interval, or null where there are no trials.</returns>
    public static (double Low, double High)? Compute(int count, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, n);
        if (n == 0)
        {
            return null;
        }
        var p = (double)count / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // At the edges the formula gives the edge itself up to rounding: pin it, so 0 of n reads [0, …] exactly.
        return (count == 0 ? 0 : Math.Max(0, centre - half), count == n ? 1 : Math.Min(1, centre + half));
    }
}
