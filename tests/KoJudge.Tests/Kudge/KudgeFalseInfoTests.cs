using KoJudge.Kudge;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Kudge;

public sealed class KudgeFalseInfoTests
{
    private static string Items => SharedData.PathOf("data", "kudge", "data", "k2-eval-pointwise-falseinfo.csv");

    [Fact]
    public void Reads_the_54_rows_with_the_prompt_parts_of_their_judge_query()
    {
        var items = KudgeFalseInfoReader.Read(Items);

        Assert.Equal(54, items.Count);
        Assert.Equal(Enumerable.Range(1, 54), items.Select(i => i.Row));
        Assert.Equal(new Dictionary<string, int> { ["general"] = 7, ["sentence"] = 13, ["word"] = 34 }, items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Count()));
        Assert.All(items, i => Assert.InRange(i.OriginalHumanScore, 4.5, 5.0));
        Assert.StartsWith("일제강점기 동안 한국인들은 일본 이름을 사용하도록 강요받았습니다.", items[0].Item.Instruction, StringComparison.Ordinal);
        Assert.StartsWith("제시된 한국사의 사건, 인물, 현상 등에 대해 정확한 수치를 추정하고 있는가?", items[0].Item.Rubric.Criteria, StringComparison.Ordinal);
        Assert.All(items, i =>
        {
            Assert.NotEmpty(i.Item.Response);
            Assert.NotNull(i.Item.Reference);
            Assert.All(i.Item.Rubric.ScoreDescriptions, d => Assert.DoesNotContain("Score ", d, StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("gpt-4o/_pointwise_iteration_1-false_info.csv", 54, 0)]
    [InlineData("claude-sonnet/_pointwise_iteration_1-false_info.csv", 44, 10)]
    public void Counts_how_often_KUDGEs_judges_scored_a_corrupted_answer_below_its_original(string results, int below, int notBelow)
    {
        var items = KudgeFalseInfoReader.Read(Items);
        var scores = KudgeJudgments.Read(SharedData.PathOf("data", "kudge", "results", results), items.Count);

        var report = KudgeFalseInfoReport.Compute(items, scores);

        Assert.Equal(54, report.Overall.N);
        Assert.Equal(below, report.Overall.Below);
        Assert.Equal(notBelow, report.Overall.NotBelow);
        Assert.Equal(0, report.Overall.NoVerdict);
        Assert.Equal((double)below / 54, report.Overall.BelowRate!.Value, precision: 12);
        Assert.Equal(54, report.Kinds.Values.Sum(k => k.N));
    }

    [Fact]
    public void Rows_without_a_verdict_are_counted_apart_and_left_out_of_the_rate()
    {
        var items = KudgeFalseInfoReader.Read(Items).Take(4).ToList();

        var report = KudgeFalseInfoReport.Compute(items, [3, null, 5, 4]);

        Assert.Equal(new KudgeFalseInfoReport.Counts(4, 2, 1, 1, 2.0 / 3), report.Overall);
        Assert.Throws<ArgumentException>(() => KudgeFalseInfoReport.Compute(items, [3]));
    }
}
