namespace KoJudge.Verdicts;

/// <summary>
/// What a pairwise judge's reply says: which response wins (or a tie) and the feedback before the verdict, or, where
/// the reply holds no verdict, a null winner and the reason. A winner is never guessed.
/// </summary>
/// <param name="Margin">
/// By how much, where the format says (arena): 2 for <c>&gt;&gt;</c>, 1 for <c>&gt;</c>, 0 for <c>=</c>; null otherwise.
/// </param>
public sealed record PairwiseVerdict(PairwiseWinner? Winner, int? Margin, string Feedback, string? Error)
{
    public bool HasVerdict => Winner is not null;

    public static PairwiseVerdict Given(PairwiseWinner winner, int? margin, string feedback) => new(winner, margin, feedback, null);

    public static PairwiseVerdict None(string feedback, string reason) => new(null, null, feedback, reason);
}
