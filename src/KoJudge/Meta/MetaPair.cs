using KoJudge.LogicKor;

namespace KoJudge.Meta;

/// <summary>One answer scored by both sides: the gold judge and the judge under test, with the no-model floor beside them.</summary>
public sealed record MetaPair(string Model, int Id, string Category, LogicKorTurn Turn, double Gold, double Judged, double? Floor);
