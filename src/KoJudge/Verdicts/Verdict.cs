namespace KoJudge.Verdicts;

/// <summary>
/// What a judge's reply says: a score from 1 to 5 and the feedback before it, or, where the reply holds no
/// verdict, a null score and the reason. A score is never guessed.
/// </summary>
public sealed record Verdict(int? Score, string Feedback, string? Error)
{
    public bool HasScore => Score is not null;

    public static Verdict Scored(int score, string feedback) => new(score, feedback, null);

    public static Verdict None(string feedback, string reason) => new(null, feedback, reason);
}
