using System.Text.Json.Serialization;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor's leaderboard over many files: one row per model and strategy, best overall first, in one section per
/// judge's scale, since a ranking that mixed a 1–5 mean with a 0–10 mean would put every 0–10 row first for its scale alone.
/// </summary>
public sealed record LogicKorLeaderboard([property: JsonPropertyName("sections")] IReadOnlyList<LogicKorLeaderboard.Section> Sections)
{
    public static LogicKorLeaderboard Compute(IEnumerable<LogicKorResultSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var boards = sets.Select(LogicKorScoreboard.Compute).ToList();
        var sections = boards
            .GroupBy(b => b.Scale)
            .Select(g => new Section(g.Key, Ranked(g).ToList()))
            // The scale LogicKor's own leaderboard uses comes first, then the others by name, so the order never depends on the files' order.
            .OrderBy(s => s.Scale == LogicKorScale.Gpt4 ? 0 : 1)
            .ThenBy(s => s.Scale.Label, StringComparer.Ordinal)
            .ToList();
        return new LogicKorLeaderboard(sections);
    }

    /// <summary>Best overall first; a file without an overall (one turn judged) after those with one, by its single mean.</summary>
    private static IEnumerable<LogicKorScoreboard> Ranked(IEnumerable<LogicKorScoreboard> boards) =>
        boards
            .OrderBy(b => b.Total.Average is null ? 1 : 0)
            .ThenByDescending(b => b.Total.Average ?? double.NegativeInfinity)
            .ThenByDescending(b => b.Total.SingleTurn ?? double.NegativeInfinity)
            .ThenBy(b => b.Model, StringComparer.Ordinal)
            .ThenBy(b => b.Strategy, StringComparer.Ordinal)
            .ThenBy(b => b.File, StringComparer.Ordinal);

    public sealed record Section(
        [property: JsonPropertyName("scale")] LogicKorScale Scale,
        [property: JsonPropertyName("rows")] IReadOnlyList<LogicKorScoreboard> Rows);
}
