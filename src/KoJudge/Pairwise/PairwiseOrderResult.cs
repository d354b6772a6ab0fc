using System.Text.Json.Serialization;
using KoJudge.Judging;
using KoJudge.Verdicts;

namespace KoJudge.Pairwise;

/// <summary>
/// One order's judgment of a pair. <see cref="Verdict"/> is in the input's labels whichever order the responses were
/// shown in (<c>A</c> is always <c>response_a</c>); <see cref="Raw"/> keeps what the judge wrote, in its own labels.
/// </summary>
public sealed record PairwiseOrderResult
{
    [JsonPropertyName("verdict")]
    public PairwiseWinner? Verdict { get; init; }

    /// <summary>2 for <c>&gt;&gt;</c>, 1 for <c>&gt;</c>, 0 for <c>=</c> (arena format); null otherwise.</summary>
    [JsonPropertyName("margin")]
    public int? Margin { get; init; }

    [JsonPropertyName("feedback")]
    public string? Feedback { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_kind")]
    public ErrorKind? ErrorKind { get; init; }

    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("truncated")]
    public bool Truncated { get; init; }

    [JsonPropertyName("raw")]
    public string? Raw { get; init; }

    [JsonIgnore]
    public bool FromCache { get; init; }
}
