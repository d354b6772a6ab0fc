using System.Text.Json.Serialization;

namespace KoJudge.Verdicts;

/// <summary>Which of two responses a pairwise judge prefers: written <c>"A"</c>, <c>"B"</c> or <c>"tie"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PairwiseWinner>))]
public enum PairwiseWinner
{
    [JsonStringEnumMemberName("A")]
    A,

    [JsonStringEnumMemberName("B")]
    B,

    [JsonStringEnumMemberName("tie")]
    Tie,
}
