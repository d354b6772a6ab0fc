using KoJudge.LogicKor;

namespace KoJudge.Meta;

/// <summary>
/// One answer scored by both sides: the gold judge and the judge under test, with the no-model floor beside them;
/// and, where the builder had them, the question, the answer and both sides' feedback, to show a disagreement whole.
/// </summary>
public sealed record MetaPair(
    string Model, int Id, string Category, LogicKorTurn Turn, double Gold, double Judged, double? Floor,
    string? Question = null, string? Answer = null, string? GoldFeedback = null, string? JudgedFeedback = null);
