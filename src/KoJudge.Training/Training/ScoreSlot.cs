namespace KoJudge.Training.Training;

/// <summary>Where in an example's target ids the score token stands, and the score (1–5) it is.</summary>
public sealed record ScoreSlot(int Position, int Score);
