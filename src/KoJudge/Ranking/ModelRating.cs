using System.Text.Json.Serialization;

namespace KoJudge.Ranking;

/// <summary>
/// One model's place: its Bradley–Terry rating on the Elo scale with its 95% bootstrap interval (null without
/// resamples, or where fewer than half of them had a finite maximum), its battles, its win rate against the anchor
/// (a tie as half; null for the anchor itself and for a model that never met it), and the share of its battles whose
/// two orders disagreed.
/// </summary>
public sealed record ModelRating(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("rating")] double Rating,
    [property: JsonPropertyName("ci_low")] double? CiLow,
    [property: JsonPropertyName("ci_high")] double? CiHigh,
    [property: JsonPropertyName("battles")] int Battles,
    [property: JsonPropertyName("battles_against_anchor")] int BattlesAgainstAnchor,
    [property: JsonPropertyName("win_rate")] double? WinRate,
    [property: JsonPropertyName("flip_rate")] double? FlipRate,
    [property: JsonPropertyName("failed")] int Failed);
