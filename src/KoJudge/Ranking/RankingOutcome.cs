namespace KoJudge.Ranking;

/// <summary>A leaderboard, or the problem that kept the battles from giving one.</summary>
public sealed record RankingOutcome(Leaderboard? Leaderboard, RankingProblem? Problem)
{
    public static RankingOutcome Of(Leaderboard leaderboard) => new(leaderboard, null);

    public static RankingOutcome Refused(RankingProblemKind kind, string message, params IReadOnlyList<string>[] groups) => new(null, new RankingProblem(kind, message, groups));
}
