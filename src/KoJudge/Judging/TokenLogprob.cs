namespace KoJudge.Judging;

/// <summary>One generated token: its text, its log-probability, and the top alternatives (the token itself among them).</summary>
public sealed record TokenLogprob(string Token, double LogProbability, IReadOnlyList<(string Token, double LogProbability)> Top);
