using System.Globalization;
using System.Text.Json.Serialization;
using KoJudge.Datasets;

namespace KoJudge.LogicKor;

/// <summary>
/// Who judged a LogicKor file and on what scale: means of different judges are not comparable, least of all a 1–5
/// Prometheus mean beside a 0–10 GPT-4 one.
/// </summary>
/// <param name="Judge">The judge as the row names it (<see cref="LogicKorRecord.Judge"/>), or null for LogicKor's own GPT-4.</param>
public sealed record LogicKorScale(
    [property: JsonPropertyName("judge")] string? Judge,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("low")] int Low,
    [property: JsonPropertyName("high")] int High)
{
    public static LogicKorScale Gpt4 { get; } = new(null, "GPT-4", 0, 10);

    /// <summary>The label a reader sees: <c>GPT-4 0–10</c>.</summary>
    [JsonPropertyName("label")]
    public string Label => $"{Name} {Low.ToString(CultureInfo.InvariantCulture)}–{High.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The scale of a judge's name as KoJudge's judges write it; an unknown name keeps LogicKor's range, named as written.</summary>
    public static LogicKorScale Of(string? judge) => judge switch
    {
        null => Gpt4,
        "logickor" => new(judge, "LogicKor prompt", 0, 10),
        "prometheus" => new(judge, "Prometheus", 1, 5),
        "bank" => new(judge, "bank", 0, 10),
        _ => new(judge, judge, 0, 10),
    };

    /// <summary>The one scale of a file's rows; rows of two judges in one file have no one mean.</summary>
    public static LogicKorScale Of(LogicKorResultSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var judges = set.Records.Select(r => r.Judge).Distinct().ToList();
        return judges.Count <= 1
            ? Of(judges.FirstOrDefault())
            : throw new InputFormatException(set.Path, null, "judge",
                $"rows of {judges.Count} judges ({string.Join(", ", judges.Select(j => Of(j).Label))}) in one file: their scores are on different scales");
    }
}
