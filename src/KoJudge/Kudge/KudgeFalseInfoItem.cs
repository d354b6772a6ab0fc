using KoJudge.Judging;

namespace KoJudge.Kudge;

/// <summary>
/// One row of KUDGE's false-information set: a K2-Eval answer with a false fact inserted, its judge prompt
/// (Prometheus absolute grading, with the instruction, the corrupted response, a reference and a rubric), and the
/// human score of the answer before it was corrupted. A good judge scores it below that.
/// </summary>
public sealed record KudgeFalseInfoItem(int Row, double OriginalHumanScore, string Kind, JudgeItem Item);
