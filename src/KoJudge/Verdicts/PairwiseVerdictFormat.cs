using System.Text.Json.Serialization;

namespace KoJudge.Verdicts;

/// <summary>How a pairwise judge writes its verdict, which the prompt asks for and <see cref="PairwiseVerdictParser"/> reads.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PairwiseVerdictFormat>))]
public enum PairwiseVerdictFormat
{
    /// <summary>Prometheus's relative grading: <c>[RESULT] A</c> or <c>[RESULT] B</c>; no tie.</summary>
    [JsonStringEnumMemberName("result")]
    Result,

    /// <summary>MT-Bench's and KUDGE's: <c>[[A]]</c>, <c>[[B]]</c>, or <c>[[C]]</c> for a tie.</summary>
    [JsonStringEnumMemberName("brackets")]
    Brackets,

    /// <summary>Arena-Hard's: <c>[[A&gt;&gt;B]]</c>, <c>[[A&gt;B]]</c>, <c>[[A=B]]</c>, <c>[[B&gt;A]]</c>, <c>[[B&gt;&gt;A]]</c>, which also give a margin.</summary>
    [JsonStringEnumMemberName("arena")]
    Arena,
}
