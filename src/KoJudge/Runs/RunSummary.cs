namespace KoJudge.Runs;

/// <summary>
/// Where a run stands: how many items are done, how many got a score, how many replies were asked for, and how many
/// items the response cache answered (counted once per item, by its last reply, however many retries it took).
/// </summary>
public sealed record RunSummary(int Total, int Done, int Scored, int Failed, int Attempts, int Cached)
{
    public int Retries => Attempts - Done;
}
