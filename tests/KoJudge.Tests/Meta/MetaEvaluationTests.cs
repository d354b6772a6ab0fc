using System.Text.Json;
using KoJudge.Baselines;
using KoJudge.LogicKor;
using KoJudge.Meta;
using KoJudge.Statistics;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Meta;

public sealed class MetaEvaluationTests
{
    private static LogicKorRecord Record(int id, string category, string answer, double? gold, string? reference = null, string message = "m") => new()
    {
        Id = id,
        Category = category,
        Questions = ["q1", "q2"],
        Outputs = [answer, "a2"],
        References = [reference, null],
        SingleTurn = gold is null ? LogicKorTurnJudgment.Failed(KoJudge.Judging.ErrorKind.NoVerdict, "no score") : new LogicKorTurnJudgment(message, gold),
        MultiTurn = new LogicKorTurnJudgment("m", 5),
    };

    [Fact]
    public void Joins_on_model_question_and_turn_and_counts_what_it_leaves_out()
    {
        LogicKorResultSet[] gold =
        [
            new("org/a", "default", "a", [Record(1, "수학(Math)", "답 일", 10), Record(2, "수학(Math)", "답 이", 2), Record(3, "글쓰기(Writing)", "답", 7),
                Record(4, "글쓰기(Writing)", "답", 0, message: MetaPairBuilder.LogicKorJudgeFailure), Record(5, "글쓰기(Writing)", "답", null)]),
            new("org/b", "default", "b", [Record(1, "수학(Math)", "english", 0), Record(2, "수학(Math)", "답", 9)]),
        ];
        LogicKorResultSet[] judged =
        [
            new("org/a", "default", "ja", [Record(1, "수학(Math)", "", 5), Record(2, "수학(Math)", "", 1), Record(3, "글쓰기(Writing)", "", null)]),
            new("org/b", "default", "jb", [Record(1, "수학(Math)", "", 1)]),
        ];
        var builder = new MetaPairBuilder(LogicKorTurn.SingleTurn, [Record(2, "수학(Math)", "답 이", 0)]);

        var pairs = builder.WithJudged(gold, judged);

        Assert.Equal([("org/a", 1, 10.0, 5.0), ("org/a", 2, 2.0, 1.0), ("org/b", 1, 0.0, 1.0)], pairs.Select(p => (p.Model, p.Id, p.Gold, p.Judged)));
        Assert.Equal(new Dictionary<string, int>
        {
            ["judge gave no score"] = 1,
            ["gold judge failed (LogicKor wrote 0)"] = 1,
            ["gold has no score"] = 1,
            ["not judged"] = 1,
        }, builder.Excluded);
        // Question 2 has no reference of its own: the reference model's answer stands in, and the floor uses it.
        Assert.Equal("답 이", builder.ReferenceFor(gold[0].Records[1]));
        Assert.Equal(100, pairs[1].Floor!.Value, precision: 9);
        Assert.Null(pairs[0].Floor);
    }

    [Fact]
    public void Summarizes_with_scipys_figures_and_agreement_on_the_five_point_scale()
    {
        // The LogicKor-like vectors of CorrelationTests, whose scipy figures are known.
        double[] gold = [10, 10, 10, 8, 0, 2, 10, 9, 6, 3, 10, 7, 0, 10, 1];
        double[] judged = [5, 4, 5, 4, 1, 2, 3, 5, 3, 3, 4, 4, 2, 5, 1];
        var pairs = gold.Select((g, i) => new MetaPair("m", i, "수학(Math)", LogicKorTurn.SingleTurn, g, judged[i], g / 10)).ToList();

        var summary = MetaEvaluator.Summarize(pairs);

        Assert.Equal(15, summary.N);
        Assert.Equal(0.8119455317334944, summary.Spearman!.Value, precision: 12);
        Assert.Equal(0.7231753835289099, summary.KendallTauB!.Value, precision: 12);
        Assert.Equal(0.8868786867317556, summary.Pearson!.Value, precision: 12);
        Assert.InRange(summary.Spearman.Value, summary.SpearmanInterval![0], summary.SpearmanInterval[1]);
        // Gold on 1-5: 5 5 5 4 1 1 5 5 3 2 5 4 1 5 1; exact where equal, within 1 where |d| <= 1.
        Assert.Equal(9.0 / 15, summary.ExactAgreement!.Value, precision: 12);
        Assert.Equal(14.0 / 15, summary.WithinOneAgreement!.Value, precision: 12);
        Assert.Equal(1.0, summary.FloorSpearman!.Value, precision: 12);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(6, 3)]
    [InlineData(7, 4)]
    [InlineData(9, 5)]
    [InlineData(10, 5)]
    public void Maps_gold_to_the_five_point_scale(double gold, int expected)
    {
        Assert.Equal(expected, GoldScale.ToFivePoint(gold));
    }

    [Fact]
    public void A_judge_off_the_five_point_scale_has_no_agreement_and_a_constant_judge_no_correlation()
    {
        var pairs = new[] { 1.0, 5, 9 }.Select((g, i) => new MetaPair("m", i, "c", LogicKorTurn.SingleTurn, g, 3, null)).ToList();

        var summary = MetaEvaluator.Summarize(pairs);

        Assert.Null(summary.Spearman);
        Assert.Null(summary.SpearmanInterval);
        Assert.Null(summary.FloorSpearman);
        Assert.Equal(1.0 / 3, summary.ExactAgreement!.Value, precision: 12);

        var continuous = MetaEvaluator.Summarize([.. pairs.Select(p => p with { Judged = p.Gold * 0.37 })]);
        Assert.Null(continuous.ExactAgreement);
        Assert.Equal(1.0, continuous.Spearman!.Value, precision: 12);
    }

    [Fact]
    public void The_no_model_floor_on_the_shared_LogicKor_data_is_about_0_34()
    {
        var root = SharedData.PathOf("data", "logickor", "v2", "evaluated");
        var gold = LogicKorResultSet.Read(root, "default").ToList();
        var builder = new MetaPairBuilder(LogicKorTurn.SingleTurn, LogicKorReader.Read(Path.Combine(root, "openai", "gpt-4-1106-preview", "default.jsonl")));

        var pairs = builder.WithBaseline(gold, BaselineJudge.Floor);
        var floor = new MetaJudge("floor", MetaJudge.FloorKind, "baseline:hangul-chrf", JudgeScale.OfBaseline("hangul-chrf"), pairs, builder.Excluded);
        var run = new MetaRunInfo(root, gold.Count, "default", "single", "test", "kojudge meta", DateTimeOffset.UnixEpoch);
        var table = Assert.Single(MetaComparer.Compare([floor], run, resamples: 200).Judges);

        Assert.Equal(44 * 42 - 4, table.Overall.N);
        Assert.Equal(4, table.Excluded["gold judge failed (LogicKor wrote 0)"]);
        Assert.InRange(table.Overall.Spearman!.Value, 0.32, 0.35);
        Assert.Equal(table.Overall.Spearman, table.Overall.FloorSpearman);
        Assert.Equal(LogicKorCategories.All, table.Categories.Keys);
        Assert.NotNull(table.NoAgreementBecause);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(table)).RootElement;
        Assert.Equal(2, json.GetProperty("overall").GetProperty("spearman_ci").GetArrayLength());
        Assert.True(json.GetProperty("categories").TryGetProperty("수학(Math)", out _));
    }
}
