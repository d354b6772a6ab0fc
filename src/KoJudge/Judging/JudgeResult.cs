using System.Text.Json.Serialization;

namespace KoJudge.Judging;

/// <summary>
/// The outcome of judging one item: a score with its feedback, or a null score and the reason.
/// <see cref="Probabilities"/> and <see cref="ExpectedScore"/> stay null where the engine cannot give them.
/// </summary>
public sealed record JudgeResult
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>What decided the reply (prompt, engine, model, sampling): reruns skip rows whose id and hash match.</summary>
    [JsonPropertyName("request_hash")]
    public string? RequestHash { get; init; }

    [JsonPropertyName("category")]
    public string? Category { get; init; }

    [JsonPropertyName("score")]
    public int? Score { get; init; }

    [JsonPropertyName("feedback")]
    public string? Feedback { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>Why there is no score, for counting (<see cref="Judging.ErrorKind"/>); null where there is one.</summary>
    [JsonPropertyName("error_kind")]
    public ErrorKind? ErrorKind { get; init; }

    /// <summary>How many replies were asked for: 1, plus one per retry.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>The last reply was cut off by the token limit.</summary>
    [JsonPropertyName("truncated")]
    public bool Truncated { get; init; }

    /// <summary>The last reply, exactly as the engine returned it.</summary>
    [JsonPropertyName("raw")]
    public string? Raw { get; init; }

    /// <summary>P(score = 1..5) at the position of the score, renormalised over the five digits.</summary>
    [JsonPropertyName("probabilities")]
    public IReadOnlyList<double>? Probabilities { get; init; }

    [JsonPropertyName("expected_score")]
    public double? ExpectedScore { get; init; }

    /// <summary>
    /// The last reply came from the response cache, not the engine. Run bookkeeping, not part of the row: a cached
    /// judgment is the same judgment, and its row is written the same way.
    /// </summary>
    [JsonIgnore]
    public bool FromCache { get; init; }

    [JsonIgnore]
    public bool Succeeded => Score is not null;
}
