using KoJudge.Judging;
using KoJudge.Meta;
using KoJudge.Pairwise;
using KoJudge.Statistics;
using KoJudge.Verdicts;

namespace KoJudge.Tests.Meta;

public sealed class PairwiseMetaReportTests
{
    private static GoldPair Gold(string id, string category, PairwiseWinner winner) => new(new PairwiseItem(id, "질문", "가", "나", Category: category), winner);

    private static PairwiseJudgment Judged(string id, PairwiseWinner? verdict, bool flipped = false, ErrorKind? kind = null) => new(id, verdict, flipped, kind, 1);

    [Fact]
    public void Failures_and_ties_count_as_wrong_ties_count_half_in_their_own_figure_and_flips_are_over_verdicts()
    {
        // Group x: 2 right, 1 wrong, 1 tie (a flip), 1 failed, 1 with no row. Group y: 1 right, 1 failed.
        GoldPair[] gold =
        [
            Gold("1", "x", PairwiseWinner.A), Gold("2", "x", PairwiseWinner.B), Gold("3", "x", PairwiseWinner.A),
            Gold("4", "x", PairwiseWinner.B), Gold("5", "x", PairwiseWinner.A), Gold("6", "x", PairwiseWinner.B),
            Gold("7", "y", PairwiseWinner.B), Gold("8", "y", PairwiseWinner.A),
        ];
        PairwiseJudgment[] judged =
        [
            Judged("1", PairwiseWinner.A), Judged("2", PairwiseWinner.B), Judged("3", PairwiseWinner.B),
            Judged("4", PairwiseWinner.Tie, flipped: true), Judged("5", null, kind: ErrorKind.NoVerdict),
            Judged("7", PairwiseWinner.B), Judged("8", null, kind: ErrorKind.Truncated),
        ];

        var report = PairwiseMetaReport.Compute(gold, judged, "gold", "judged");

        var x = report.Categories["x"];
        Assert.Equal((6, 5, 1, 2, 1, 1, 1), (x.Pairs, x.Judged, x.Missing, x.Correct, x.Wrong, x.Ties, x.Failed));
        Assert.Equal(2.0 / 5, x.Accuracy.Rate);
        Assert.Equal(2.5 / 5, x.AccuracyTiesHalf);
        Assert.Equal(1.0 / 5, x.FailureRate.Rate);
        Assert.Equal((1, 4), (x.FlipRate.Count, x.FlipRate.Of));
        Assert.Equal(1.0 / 5, x.TieRate.Rate);
        var overall = report.Overall;
        Assert.Equal((8, 7, 3, 2), (overall.Pairs, overall.Judged, overall.Correct, overall.Failed));
        Assert.Equal(new Dictionary<string, int> { ["no_verdict"] = 1, ["truncated"] = 1 }, overall.FailedByKind);
        Assert.Equal(["6"], report.Missing);
        Assert.Empty(report.Unmatched);
        Assert.Equal(["x", "y"], report.Categories.Keys);
        var interval = WilsonInterval.Compute(3, 7)!.Value;
        Assert.Equal((interval.Low, interval.High), (overall.Accuracy.CiLow!.Value, overall.Accuracy.CiHigh!.Value));
    }

    [Fact]
    public void Judged_rows_of_no_gold_pair_are_returned_for_the_caller_to_refuse()
    {
        var report = PairwiseMetaReport.Compute([Gold("1", "x", PairwiseWinner.A)], [Judged("1", PairwiseWinner.A), new PairwiseJudgment("other", PairwiseWinner.A, false, null, 2)], "g", "j");

        Assert.Equal(2, Assert.Single(report.Unmatched).Line);
        Assert.Equal(1, report.Overall.Accuracy.Rate);
    }

    [Fact]
    public void A_group_with_no_judged_row_has_no_rates_rather_than_zeros()
    {
        var report = PairwiseMetaReport.Compute([Gold("1", "x", PairwiseWinner.A)], [], "g", "j");

        Assert.Equal(1, report.Overall.Missing);
        Assert.Null(report.Overall.Accuracy.Rate);
        Assert.Null(report.Overall.Accuracy.CiLow);
        Assert.Null(report.Overall.AccuracyTiesHalf);
    }
}
