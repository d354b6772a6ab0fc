using KoJudge.Judging;
using KoJudge.Verdicts;

namespace KoJudge.Meta;

/// <summary>
/// A pairwise judge's verdict on one pair, as a <c>kojudge compare</c> row gives it: null where the judge gave none
/// (with its <see cref="ErrorKind"/>), and whether the two orders disagreed. <see cref="Line"/> locates the row in its file.
/// </summary>
public sealed record PairwiseJudgment(string Id, PairwiseWinner? Verdict, bool Flipped, ErrorKind? ErrorKind, int Line);
