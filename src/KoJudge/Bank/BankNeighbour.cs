using System.Text.Json.Serialization;

namespace KoJudge.Bank;

/// <summary>A judged answer near the one judged: who wrote it, the gold's score for it, and its chrF similarity (0–1).</summary>
public sealed record BankNeighbour(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("similarity")] double Similarity);
