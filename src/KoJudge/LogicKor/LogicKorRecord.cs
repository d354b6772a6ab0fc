using System.Text.Json.Serialization;

namespace KoJudge.LogicKor;

/// <summary>
/// A LogicKor row: a question's turns and references and, once answered, the model's outputs and, once judged,
/// the single-turn and multi-turn judgments. Questions, answers and judgments files all share this shape.
/// </summary>
public sealed record LogicKorRecord
{
    [JsonPropertyName("id")]
    public required int Id { get; init; }

    [JsonPropertyName("category")]
    public required string Category { get; init; }

    [JsonPropertyName("questions")]
    public required IReadOnlyList<string> Questions { get; init; }

    [JsonPropertyName("outputs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Outputs { get; init; }

    [JsonPropertyName("references")]
    public required IReadOnlyList<string?> References { get; init; }

    [JsonPropertyName("query_single")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LogicKorTurnJudgment? SingleTurn { get; init; }

    [JsonPropertyName("query_multi")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LogicKorTurnJudgment? MultiTurn { get; init; }

    /// <summary>
    /// The KoJudge judge that wrote the judgments (<see cref="ILogicKorJudge.Name"/>), so a score knows its scale;
    /// absent in LogicKor's own files, whose judge is GPT-4.
    /// </summary>
    [JsonPropertyName("judge")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Judge { get; init; }

    /// <summary>Why this row has no answers: set where generating them failed, so the row is kept rather than lost.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>Why generating failed, for counting; null where the row has its answers.</summary>
    [JsonPropertyName("error_kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Judging.ErrorKind? ErrorKind { get; init; }

    /// <summary>What made this row (<see cref="LogicKorRequestHash"/>): a rerun keeps rows whose id and hash match.</summary>
    [JsonPropertyName("request_hash")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestHash { get; init; }

    /// <summary>The reference of a turn (0 or 1), or null where the question has none.</summary>
    public string? ReferenceOf(int turn) => turn < References.Count && !string.IsNullOrEmpty(References[turn]) ? References[turn] : null;

    public LogicKorTurnJudgment? JudgmentOf(LogicKorTurn turn) => turn == LogicKorTurn.SingleTurn ? SingleTurn : MultiTurn;
}
