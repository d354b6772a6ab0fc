using KoJudge.Statistics;

namespace KoJudge.Tests.Statistics;

/// <summary>
/// Against scipy 1.10.1: <c>spearmanr</c>, <c>kendalltau</c> (τ-b) and <c>pearsonr</c> on these vectors gave the
/// constants below (Debian's python3-scipy, <c>stats.spearmanr(x, y).statistic</c> and so on).
/// </summary>
public sealed class CorrelationTests
{
    public static TheoryData<double[], double[], double, double, double> KnownValues => new()
    {
        // Heavy ties on both sides.
        { [1, 2, 2, 3, 3, 3, 4, 5, 5, 10], [0, 2, 1, 3, 3, 4, 4, 5, 10, 10], 0.9688896662368099, 0.9271050693011064, 0.8725067130933519 },
        // A LogicKor-like gold (0 to 10, many 10s) against a 1-to-5 judge.
        { [10, 10, 10, 8, 0, 2, 10, 9, 6, 3, 10, 7, 0, 10, 1], [5, 4, 5, 4, 1, 2, 3, 5, 3, 3, 4, 4, 2, 5, 1], 0.8119455317334944, 0.7231753835289099, 0.8868786867317556 },
        { [1, 2, 3, 4, 5, 6], [6, 5, 5, 3, 2, 1], -0.9856107606091623, -0.9660917830792959, -0.978588507995212 },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void Match_scipy(double[] x, double[] y, double spearman, double kendall, double pearson)
    {
        Assert.Equal(spearman, Correlation.Spearman(x, y)!.Value, precision: 12);
        Assert.Equal(kendall, Correlation.KendallTauB(x, y)!.Value, precision: 12);
        Assert.Equal(pearson, Correlation.Pearson(x, y)!.Value, precision: 12);
    }

    [Fact]
    public void A_constant_side_is_undefined_not_zero()
    {
        double[] constant = [3, 3, 3, 3];
        double[] rising = [1, 2, 3, 4];

        Assert.Null(Correlation.Spearman(constant, rising));
        Assert.Null(Correlation.KendallTauB(constant, rising));
        Assert.Null(Correlation.Pearson(constant, rising));
        Assert.Null(Correlation.Pearson(rising, constant));
    }

    [Fact]
    public void Fewer_than_two_pairs_are_undefined()
    {
        Assert.Null(Correlation.Spearman([1.0], [2.0]));
        Assert.Null(Correlation.Pearson([], []));
    }

    [Fact]
    public void Ties_get_average_ranks_as_scipys_rankdata()
    {
        Assert.Equal([1.0, 2.5, 2.5, 5, 5, 5, 7, 8.5, 8.5, 10], Ranks.Average([1, 2, 2, 3, 3, 3, 4, 5, 5, 10]));
        Assert.Equal(
            [12.5, 12.5, 12.5, 8, 1.5, 4, 12.5, 9, 6, 5, 12.5, 7, 1.5, 12.5, 3],
            Ranks.Average([10, 10, 10, 8, 0, 2, 10, 9, 6, 3, 10, 7, 0, 10, 1]));
    }

    [Fact]
    public void Unpaired_samples_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Correlation.Spearman([1.0, 2], [1.0]));
    }
}
