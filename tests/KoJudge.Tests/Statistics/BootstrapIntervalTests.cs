using KoJudge.Statistics;

namespace KoJudge.Tests.Statistics;

public sealed class BootstrapIntervalTests
{
    private static readonly double[] X = [10, 10, 10, 8, 0, 2, 10, 9, 6, 3, 10, 7, 0, 10, 1, 4, 5, 9, 8, 2];
    private static readonly double[] Y = [5, 4, 5, 4, 1, 2, 3, 5, 3, 3, 4, 4, 2, 5, 1, 2, 3, 5, 4, 1];

    [Fact]
    public void Brackets_the_statistic_and_is_the_same_every_time()
    {
        var rho = Correlation.Spearman(X, Y)!.Value;

        var first = BootstrapInterval.Compute(X, Y, Correlation.Spearman)!.Value;
        var second = BootstrapInterval.Compute(X, Y, Correlation.Spearman)!.Value;

        Assert.Equal(first, second);
        Assert.InRange(rho, first.Low, first.High);
        Assert.True(first.High - first.Low is > 0.01 and < 0.6, $"{first}");
    }

    [Fact]
    public void Another_seed_gives_another_but_similar_interval()
    {
        var a = BootstrapInterval.Compute(X, Y, Correlation.Spearman, seed: 1)!.Value;
        var b = BootstrapInterval.Compute(X, Y, Correlation.Spearman, seed: 2)!.Value;

        Assert.NotEqual(a, b);
        Assert.Equal(a.Low, b.Low, tolerance: 0.1);
        Assert.Equal(a.High, b.High, tolerance: 0.1);
    }

    [Fact]
    public void A_constant_side_has_no_interval()
    {
        Assert.Null(BootstrapInterval.Compute([3.0, 3, 3, 3, 3], [1.0, 2, 3, 4, 5], Correlation.Spearman));
    }
}
