using System.Text.Json.Serialization;

namespace KoJudge.Ranking;

/// <summary>
/// Bradley–Terry ratings of every model with a battle, best first. <see cref="LengthCoefficient"/> is, with length
/// control, the Elo points a side gains per unit of normalised length difference ((a − b) / (a + b) of the two
/// answers' characters); the ratings are then those at equal length.
/// </summary>
public sealed record Leaderboard(
    [property: JsonPropertyName("anchor")] string Anchor,
    [property: JsonPropertyName("bootstrap")] int Bootstrap,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("length_control")] bool LengthControl,
    [property: JsonPropertyName("length_coefficient")] double? LengthCoefficient,
    [property: JsonPropertyName("battles")] int Battles,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("resamples_without_maximum")] int ResamplesWithoutMaximum,
    [property: JsonPropertyName("unrated")] IReadOnlyList<string> Unrated,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelRating> Models);
