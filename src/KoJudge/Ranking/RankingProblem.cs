namespace KoJudge.Ranking;

/// <summary>Why no ranking was made, in words and with the groups of models at fault (the pieces of a disconnected graph, say).</summary>
public sealed record RankingProblem(RankingProblemKind Kind, string Message, IReadOnlyList<IReadOnlyList<string>> Groups);
