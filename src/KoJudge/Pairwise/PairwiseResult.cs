using System.Text.Json.Serialization;
using KoJudge.Judging;
using KoJudge.Verdicts;

namespace KoJudge.Pairwise;

/// <summary>
/// The outcome of comparing one pair in both orders. The same verdict twice is the verdict; two verdicts that differ
/// are a <c>tie</c>, flagged <see cref="Flipped"/>; where either order has no verdict, there is none, with the reason.
/// </summary>
public sealed record PairwiseResult
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>What decided both replies (both prompts, engine, model, sampling): reruns skip rows whose id and hash match.</summary>
    [JsonPropertyName("request_hash")]
    public string? RequestHash { get; init; }

    [JsonPropertyName("model_a")]
    public string? ModelA { get; init; }

    [JsonPropertyName("model_b")]
    public string? ModelB { get; init; }

    [JsonPropertyName("category")]
    public string? Category { get; init; }

    [JsonPropertyName("verdict")]
    public PairwiseWinner? Verdict { get; init; }

    /// <summary>
    /// By how much (arena format): the smaller of the two orders' margins where they agree, 0 for a tie both gave;
    /// null for a flip, and for formats without margins.
    /// </summary>
    [JsonPropertyName("margin")]
    public int? Margin { get; init; }

    /// <summary>Both orders gave a verdict, and they differ: the judge followed the position, not the answers.</summary>
    [JsonPropertyName("flipped")]
    public bool Flipped { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_kind")]
    public ErrorKind? ErrorKind { get; init; }

    /// <summary>Replies asked for in both orders: 2, plus one per retry.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>The responses' lengths in characters, for length-controlled rankings.</summary>
    [JsonPropertyName("length_a")]
    public int LengthA { get; init; }

    [JsonPropertyName("length_b")]
    public int LengthB { get; init; }

    /// <summary>Response A shown first, as given.</summary>
    [JsonPropertyName("as_given")]
    public required PairwiseOrderResult AsGiven { get; init; }

    /// <summary>Response B shown first.</summary>
    [JsonPropertyName("swapped")]
    public required PairwiseOrderResult Swapped { get; init; }

    [JsonIgnore]
    public bool Succeeded => Verdict is not null;

    /// <summary>Both orders came from the response cache.</summary>
    [JsonIgnore]
    public bool FromCache => AsGiven.FromCache && Swapped.FromCache;
}
