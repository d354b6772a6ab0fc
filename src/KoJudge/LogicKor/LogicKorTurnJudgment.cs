using System.Text.Json.Serialization;
using KoJudge.Judging;

namespace KoJudge.LogicKor;

/// <summary>
/// One turn's judgment as LogicKor stores it (<c>query_single</c>, <c>query_multi</c>): the judge's message and score.
/// KoJudge adds <c>error</c> and <c>error_kind</c>: a judgment that failed keeps a null score and the reason, where
/// LogicKor wrote 0.
/// </summary>
public sealed record LogicKorTurnJudgment(
    [property: JsonPropertyName("judge_message")] string Message,
    [property: JsonPropertyName("judge_score")] double? Score,
    [property: JsonPropertyName("error")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Error = null,
    [property: JsonPropertyName("error_kind")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    ErrorKind? ErrorKind = null)
{
    public static LogicKorTurnJudgment Failed(ErrorKind kind, string reason, string message = "") => new(message, null, reason, kind);
}
