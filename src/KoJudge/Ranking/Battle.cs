namespace KoJudge.Ranking;

/// <summary>
/// One pairwise judgment with a verdict: <paramref name="ScoreA"/> is 1 where A won, 0 where B won and 0.5 for a tie
/// (half a win each side). <paramref name="Flipped"/> is true where the two orders disagreed; the lengths (in
/// characters) are those of the two answers, where the row gave them.
/// </summary>
public sealed record Battle(string ModelA, string ModelB, double ScoreA, bool Flipped = false, int? LengthA = null, int? LengthB = null);
