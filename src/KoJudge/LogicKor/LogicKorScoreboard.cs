using System.Text.Json.Serialization;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor's leaderboard figures for one file, as its <c>score.py</c> computes them: per category the mean
/// single-turn and multi-turn scores; overall the mean of all single scores, of all multi scores, and their average.
/// Judgments KoJudge recorded as failed (no score) are left out of the means and counted, where LogicKor counts 0.
/// A category's own figure, as LogicKor's leaderboard shows it, is its single and multi means averaged.
/// </summary>
public sealed record LogicKorScoreboard(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("scale")] LogicKorScale Scale,
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, LogicKorScoreboard.Means> Categories,
    [property: JsonPropertyName("overall")] LogicKorScoreboard.Overall Total)
{
    public static LogicKorScoreboard Compute(LogicKorResultSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var categories = new Dictionary<string, Means>();
        foreach (var category in LogicKorCategories.InOrder(set.Records.Select(r => r.Category)))
        {
            var rows = set.Records.Where(r => r.Category == category).ToList();
            categories[category] = new Means(Mean(rows, LogicKorTurn.SingleTurn), Mean(rows, LogicKorTurn.MultiTurn), Failed(rows));
        }
        var single = Mean(set.Records, LogicKorTurn.SingleTurn);
        var multi = Mean(set.Records, LogicKorTurn.MultiTurn);
        var overall = single is { } s && multi is { } m ? (s + m) / 2 : null as double?;
        return new LogicKorScoreboard(set.Path, set.Model, set.Strategy, LogicKorScale.Of(set), categories, new Overall(single, multi, overall, Failed(set.Records)));
    }

    private static double? Mean(IEnumerable<LogicKorRecord> rows, LogicKorTurn turn)
    {
        var scores = rows.Select(r => r.JudgmentOf(turn)?.Score).OfType<double>().ToList();
        return scores.Count == 0 ? null : scores.Average();
    }

    private static int Failed(IEnumerable<LogicKorRecord> rows) =>
        rows.Sum(r => (r.SingleTurn is { Score: null } ? 1 : 0) + (r.MultiTurn is { Score: null } ? 1 : 0));

    public sealed record Means(
        [property: JsonPropertyName("single")] double? SingleTurn,
        [property: JsonPropertyName("multi")] double? MultiTurn,
        [property: JsonPropertyName("failed")] int Failed)
    {
        [JsonPropertyName("mean")]
        public double? Average => SingleTurn is { } s && MultiTurn is { } m ? (s + m) / 2 : null;
    }

    public sealed record Overall(
        [property: JsonPropertyName("single")] double? SingleTurn,
        [property: JsonPropertyName("multi")] double? MultiTurn,
        [property: JsonPropertyName("overall")] double? Average,
        [property: JsonPropertyName("failed")] int Failed);
}
