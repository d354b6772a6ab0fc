using KoJudge.LogicKor;
using KoJudge.Meta;
using KoJudge.TestSupport;
using KoJudge.Verdicts;

namespace KoJudge.Tests.Meta;

public sealed class LogicKorGoldPairsTests
{
    [Fact]
    public void Pairs_differ_by_two_points_the_higher_wins_and_the_sample_is_bounded_balanced_and_the_same_every_time()
    {
        var sets = SyntheticLogicKor.Sets(models: 12, questions: 6, strategies: ["default"]);
        var score = sets.SelectMany(s => s.Records.Select(r => (s.Model, r))).ToDictionary(p => (p.Model, p.r.Id), p => p.r.SingleTurn!.Score!.Value);
        var question = sets[0].Records.ToDictionary(r => r.Questions[0], r => r.Id);

        var pairs = LogicKorGoldPairs.Sample(sets, perQuestion: 4);
        var again = LogicKorGoldPairs.Sample(sets, perQuestion: 4);

        Assert.Equal(pairs.Select(p => (p.Item.Id, p.Winner)), again.Select(p => (p.Item.Id, p.Winner)));
        Assert.Equal(pairs.Count, pairs.Select(p => p.Item.Id).Distinct().Count());
        foreach (var pair in pairs)
        {
            var id = question[pair.Item.Instruction];
            var (a, b) = (score[(pair.Item.ModelA!, id)], score[(pair.Item.ModelB!, id)]);
            Assert.True(Math.Abs(a - b) >= 2, $"{pair.Item.Id}: {a} against {b}");
            Assert.Equal(a > b ? PairwiseWinner.A : PairwiseWinner.B, pair.Winner);
            Assert.Equal(sets.Single(s => s.Model == pair.Item.ModelA).Records.Single(r => r.Id == id).Outputs![0], pair.Item.ResponseA);
            Assert.Equal(sets[0].Records.Single(r => r.Id == id).Category, pair.Item.Category);
        }
        Assert.All(pairs.GroupBy(p => question[p.Item.Instruction]), g => Assert.InRange(g.Count(), 1, 4));
        Assert.Contains(pairs, p => p.Winner == PairwiseWinner.A);
        Assert.Contains(pairs, p => p.Winner == PairwiseWinner.B);
    }

    [Fact]
    public void LogicKors_own_judge_failures_and_answers_that_are_alike_make_no_pair()
    {
        LogicKorResultSet Set(string model, string answer, double score, string message = "made up") => new(model, "default", model, [
            SyntheticLogicKor.Record(1, answer, "둘", score, 5) with { SingleTurn = new LogicKorTurnJudgment(message, score) }]);

        var pairs = LogicKorGoldPairs.Sample([
            Set("o/failed", "가", 0, MetaPairBuilder.LogicKorJudgeFailure), Set("o/high", "나", 9), Set("o/same", "나", 2), Set("o/low", "다", 3)]);

        // The failed judge's 0 is no score, "o/same" wrote what "o/high" wrote, and same and low differ by 1: high against low is left.
        var pair = Assert.Single(pairs);
        Assert.Equal(["o/high", "o/low"], new[] { pair.Item.ModelA!, pair.Item.ModelB! }.Order(StringComparer.Ordinal));
    }
}
