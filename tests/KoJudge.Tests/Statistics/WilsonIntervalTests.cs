using KoJudge.Statistics;

namespace KoJudge.Tests.Statistics;

public sealed class WilsonIntervalTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(5, 10)]
    [InlineData(64, 282)]
    [InlineData(98, 99)]
    [InlineData(3, 746)]
    public void Each_bound_is_where_the_score_test_just_fails(int count, int n)
    {
        var (low, high) = WilsonInterval.Compute(count, n)!.Value;
        var p = (double)count / n;

        // Wilson's interval inverts the score test: a bound p0 is where |p - p0| = z * sqrt(p0 (1 - p0) / n).
        foreach (var bound in new[] { low, high })
        {
            Assert.Equal(Math.Abs(p - bound), WilsonInterval.Z95 * Math.Sqrt(bound * (1 - bound) / n), 1e-12);
        }
        Assert.True(low < p && p < high, $"[{low}, {high}] around {p}");
    }

    [Fact]
    public void None_of_n_starts_at_0_and_all_of_n_ends_at_1_with_room_on_the_other_side()
    {
        var none = WilsonInterval.Compute(0, 99)!.Value;
        var all = WilsonInterval.Compute(99, 99)!.Value;

        Assert.Equal(0, none.Low);
        // The score test's bound for p = 0: p0 = z^2 / (n + z^2).
        Assert.Equal(WilsonInterval.Z95 * WilsonInterval.Z95 / (99 + WilsonInterval.Z95 * WilsonInterval.Z95), none.High, 1e-12);
        Assert.Equal(1, all.High);
        Assert.Equal(1 - none.High, all.Low, 1e-12);
    }

    [Fact]
    public void Nothing_has_no_interval_and_impossible_counts_are_refused()
    {
        Assert.Null(WilsonInterval.Compute(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(-1, 2));
    }
}
