namespace KoJudge.Pairwise;

/// <summary>
/// The turn before the one being compared: the question asked first and each side's own answer to it. A follow-up
/// answer is judged as the next step of its own conversation, so each side's follow-up is shown after its own first
/// answer, never after the other side's.
/// </summary>
public sealed record PairwisePriorTurn(string Question, string AnswerA, string AnswerB);
