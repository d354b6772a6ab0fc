namespace KoJudge.Runs;

/// <summary>Where a run stands: how many items are done, how many got a score, and how many replies were asked for.</summary>
public sealed record RunSummary(int Total, int Done, int Scored, int Failed, int Attempts)
{
    public int Retries => Attempts - Done;
}
