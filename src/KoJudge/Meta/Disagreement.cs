using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>One answer a judge and the gold scored far apart, with what both said; <see cref="Gap"/> is on 0–1 (both scales normalised).</summary>
public sealed record Disagreement(
    [property: JsonPropertyName("judge")] string Judge,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("gap")] double Gap,
    [property: JsonPropertyName("gold")] double Gold,
    [property: JsonPropertyName("judged")] double Judged,
    [property: JsonPropertyName("question")] string? Question,
    [property: JsonPropertyName("answer")] string? Answer,
    [property: JsonPropertyName("gold_feedback")] string? GoldFeedback,
    [property: JsonPropertyName("judged_feedback")] string? JudgedFeedback);
