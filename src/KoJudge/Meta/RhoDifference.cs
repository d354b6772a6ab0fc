using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>
/// Spearman's ρ of judge <see cref="A"/> minus that of judge <see cref="B"/>, on the answers both scored, with a
/// paired bootstrap interval (the same resampled answers for both).
/// </summary>
public sealed record RhoDifference(
    [property: JsonPropertyName("a")] string A,
    [property: JsonPropertyName("b")] string B,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("difference")] double? Difference,
    [property: JsonPropertyName("ci_low")] double? Low,
    [property: JsonPropertyName("ci_high")] double? High)
{
    /// <summary>Whether the interval lies wholly on one side of 0: a difference these answers can tell apart.</summary>
    [JsonPropertyName("excludes_zero")]
    public bool ExcludesZero => Low is { } low && High is { } high && (low > 0 || high < 0);
}
