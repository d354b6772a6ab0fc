using System.Text.Json;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.LogicKor;

public sealed class LogicKorScoreboardTests
{
    [Fact]
    public void Matches_a_direct_computation_over_the_raw_file()
    {
        var path = SharedData.PathOf("data", "logickor", "v2", "evaluated", "openai", "gpt-4o-2024-05-13", "default.jsonl");
        // Straight from the JSON, as score.py reads it.
        var rows = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l.TrimStart('\uFEFF')).RootElement).ToList();
        double Score(JsonElement row, string turn) => row.GetProperty(turn).GetProperty("judge_score").GetDouble();

        var board = LogicKorScoreboard.Compute(Assert.Single(LogicKorResultSet.Read(path)));

        Assert.Equal(6, board.Categories.Count);
        foreach (var group in rows.GroupBy(r => r.GetProperty("category").GetString()!))
        {
            Assert.Equal(group.Average(r => Score(r, "query_single")), board.Categories[group.Key].SingleTurn!.Value, precision: 12);
            Assert.Equal(group.Average(r => Score(r, "query_multi")), board.Categories[group.Key].MultiTurn!.Value, precision: 12);
        }
        var single = rows.Average(r => Score(r, "query_single"));
        var multi = rows.Average(r => Score(r, "query_multi"));
        Assert.Equal(single, board.Total.SingleTurn!.Value, precision: 12);
        Assert.Equal(multi, board.Total.MultiTurn!.Value, precision: 12);
        Assert.Equal((single + multi) / 2, board.Total.Average!.Value, precision: 12);
        Assert.Equal(0, board.Total.Failed);
    }

    [Fact]
    public void Failed_judgments_are_left_out_of_the_means_and_counted_not_scored_0()
    {
        var set = new LogicKorResultSet("m", "default", "f", [
            JudgedRecord.Of(1, "수학(Math)", 8, 6),
            JudgedRecord.Of(2, "수학(Math)", null, 4),
        ]);

        var board = LogicKorScoreboard.Compute(set);

        Assert.Equal(8, board.Categories["수학(Math)"].SingleTurn);
        Assert.Equal(5, board.Categories["수학(Math)"].MultiTurn);
        Assert.Equal(1, board.Total.Failed);
    }
}
