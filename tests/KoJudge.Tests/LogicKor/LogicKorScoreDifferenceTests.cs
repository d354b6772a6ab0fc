using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.LogicKor;

public sealed class LogicKorScoreDifferenceTests
{
    [Fact]
    public void The_difference_is_over_paired_turns_and_its_interval_comes_from_resampled_questions()
    {
        // B is A plus 1 on every turn of questions 1-6, and question 7 is A's alone.
        var a = new LogicKorResultSet("a", "default", "a.jsonl", [.. Enumerable.Range(1, 7).Select(i => JudgedRecord.Of(i, "수학(Math)", i, 10 - i))]);
        var b = new LogicKorResultSet("b", "default", "b.jsonl", [.. Enumerable.Range(1, 6).Select(i => JudgedRecord.Of(i, "수학(Math)", i + 1, 11 - i))]);

        var difference = LogicKorScoreDifference.Compute(a, b, resamples: 200);

        Assert.Equal([7], difference.OnlyInA);
        Assert.Equal(6, difference.Overall.Questions);
        Assert.Equal(1, difference.Overall.Difference!.Value, precision: 12);
        // Every question differs by exactly 1, so every resample does too.
        Assert.Equal((1.0, 1.0), (difference.Overall.CiLow!.Value, difference.Overall.CiHigh!.Value));
    }

    [Fact]
    public void A_turn_failed_on_one_side_is_left_out_of_both_and_the_interval_widens_with_disagreement()
    {
        var a = new LogicKorResultSet("a", "default", "a.jsonl", [JudgedRecord.Of(1, "c", 5, 5), JudgedRecord.Of(2, "c", 5, 5), JudgedRecord.Of(3, "c", 5, 5), JudgedRecord.Of(4, "c", 5, 5)]);
        var b = new LogicKorResultSet("b", "default", "b.jsonl", [JudgedRecord.Of(1, "c", 9, null), JudgedRecord.Of(2, "c", 1, 5), JudgedRecord.Of(3, "c", 7, 5), JudgedRecord.Of(4, "c", 5, 5)]);

        var difference = LogicKorScoreDifference.Compute(a, b, resamples: 500);

        Assert.Equal(1, difference.UnpairedTurns);
        Assert.Equal(7, difference.Overall.Turns);
        // Single-turn differences +4, -4, +2, 0 (mean 0.5); multi-turn 0, 0, 0 over questions 2-4; averaged: 0.25.
        Assert.Equal(0.25, difference.Overall.Difference!.Value, precision: 12);
        Assert.True(difference.Overall.CiLow < 0 && difference.Overall.CiHigh > 0.5, $"[{difference.Overall.CiLow}, {difference.Overall.CiHigh}]");
    }
}
