using System.Globalization;
using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>
/// How often each judge score meets each gold score in one category: discrete cells, a row per judge score (or per
/// tenth of a continuous scale), a column per gold point 0–10.
/// </summary>
public sealed record ScoreHeatmap(
    [property: JsonPropertyName("judge")] string Judge,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("judge_labels")] IReadOnlyList<string> JudgeLabels,
    [property: JsonPropertyName("gold_labels")] IReadOnlyList<string> GoldLabels,
    [property: JsonPropertyName("counts")] IReadOnlyList<IReadOnlyList<int>> Counts)
{
    /// <summary>A continuous scale is cut into this many equal bins.</summary>
    public const int ContinuousBins = 10;

    public static ScoreHeatmap Of(string judge, string category, JudgeScale scale, IEnumerable<MetaPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(pairs);
        var goldPoints = (int)(JudgeScale.Gold.High - JudgeScale.Gold.Low) + 1;
        var rows = scale.WholePoints ? (int)(scale.High - scale.Low) + 1 : ContinuousBins;
        var counts = Enumerable.Range(0, rows).Select(_ => new int[goldPoints]).ToArray();
        foreach (var pair in pairs)
        {
            var row = scale.WholePoints
                ? (int)Math.Round(pair.Judged - scale.Low)
                : (int)Math.Floor(scale.Normalise(pair.Judged) * ContinuousBins);
            counts[Math.Clamp(row, 0, rows - 1)][Math.Clamp((int)Math.Round(pair.Gold - JudgeScale.Gold.Low), 0, goldPoints - 1)]++;
        }
        var step = (scale.High - scale.Low) / ContinuousBins;
        var labels = Enumerable.Range(0, rows).Select(r => scale.WholePoints
            ? Number(scale.Low + r)
            : $"{Number(scale.Low + r * step)}–{Number(scale.Low + (r + 1) * step)}").ToList();
        return new ScoreHeatmap(judge, category, labels, Enumerable.Range(0, goldPoints).Select(g => Number(JudgeScale.Gold.Low + g)).ToList(), counts);
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
