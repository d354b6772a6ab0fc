using System.Text.Json.Serialization;

namespace KoJudge.Ranking;

/// <summary>Why battles give no ranking.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RankingProblemKind>))]
public enum RankingProblemKind
{
    /// <summary>No row had a verdict.</summary>
    [JsonStringEnumMemberName("no_battles")]
    NoBattles,

    /// <summary>The anchor asked for is in no battle.</summary>
    [JsonStringEnumMemberName("unknown_anchor")]
    UnknownAnchor,

    /// <summary>The models fall into groups that never met, so no rating of one group says anything about another.</summary>
    [JsonStringEnumMemberName("disconnected")]
    Disconnected,

    /// <summary>Some group of models won (or lost) every battle against the rest: the likelihood grows without end.</summary>
    [JsonStringEnumMemberName("no_finite_maximum")]
    NoFiniteMaximum,
}
