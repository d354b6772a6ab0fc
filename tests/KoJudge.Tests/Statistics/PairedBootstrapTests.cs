using KoJudge.Statistics;

namespace KoJudge.Tests.Statistics;

public sealed class PairedBootstrapTests
{
    private static readonly double[] Gold = [10, 10, 10, 8, 0, 2, 10, 9, 6, 3, 10, 7, 0, 10, 1, 4, 5, 9, 8, 2];
    private static readonly double[] Judge = [5, 4, 5, 4, 1, 2, 3, 5, 3, 3, 4, 4, 2, 5, 1, 2, 3, 5, 4, 1];
    private static readonly double[] Other = [4, 5, 3, 4, 2, 1, 5, 4, 2, 3, 5, 3, 1, 4, 2, 3, 2, 4, 5, 2];

    [Fact]
    public void A_judge_against_itself_differs_by_exactly_zero_in_every_resample()
    {
        var difference = PairedBootstrap.Difference(Gold, Judge, Judge, Correlation.Spearman)!.Value;

        Assert.Equal((0.0, 0.0, 0.0), difference);
    }

    [Fact]
    public void Is_the_same_every_time_and_brackets_the_difference_of_the_two_rhos()
    {
        var first = PairedBootstrap.Difference(Gold, Judge, Other, Correlation.Spearman)!.Value;
        var second = PairedBootstrap.Difference(Gold, Judge, Other, Correlation.Spearman)!.Value;

        Assert.Equal(first, second);
        Assert.Equal(Correlation.Spearman(Gold, Judge)!.Value - Correlation.Spearman(Gold, Other)!.Value, first.Estimate, precision: 12);
        Assert.InRange(first.Estimate, first.Low, first.High);
    }

    [Fact]
    public void On_a_tiny_case_the_interval_is_the_percentiles_of_the_differences_on_shared_resamples()
    {
        // The statistic is a judge's mean lead over the gold, simple to compute by hand; what is under test is that both
        // judges meet the same resampled items, drawn as SplitMix64 draws them, and numpy's linear percentile.
        double[] gold = [1, 2, 3, 4];
        double[] a = [2, 2, 5, 4];
        double[] b = [1, 3, 3, 3];
        static double? Lead(IReadOnlyList<double> g, IReadOnlyList<double> j) => j.Zip(g, (x, y) => x - y).Average();
        const int resamples = 9;
        const ulong seed = 7;

        var difference = PairedBootstrap.Difference(gold, a, b, Lead, resamples, seed: seed)!.Value;

        var random = new SplitMix64(seed);
        var values = new List<double>();
        for (var r = 0; r < resamples; r++)
        {
            var picks = Enumerable.Range(0, 4).Select(_ => (int)(random.Next() % 4)).ToArray();
            values.Add(picks.Average(i => (a[i] - gold[i]) - (b[i] - gold[i])));
        }
        values.Sort();
        static double Percentile(List<double> sorted, double q)
        {
            var position = q * (sorted.Count - 1);
            var below = (int)Math.Floor(position);
            return sorted[below] + (sorted[Math.Min(below + 1, sorted.Count - 1)] - sorted[below]) * (position - below);
        }
        Assert.Equal(0.75 - 0.0, difference.Estimate, precision: 12);
        Assert.Equal(Percentile(values, 0.025), difference.Low, precision: 12);
        Assert.Equal(Percentile(values, 0.975), difference.High, precision: 12);
        Assert.True(difference.High > difference.Low);
    }

    [Fact]
    public void A_constant_judge_has_no_difference()
    {
        Assert.Null(PairedBootstrap.Difference(Gold, Judge, [.. Gold.Select(_ => 3.0)], Correlation.Spearman));
    }
}
