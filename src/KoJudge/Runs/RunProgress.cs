namespace KoJudge.Runs;

/// <summary>
/// Where a run stands among the inputs it has to do: how many are done, how many have their result, and, where the
/// job tracks them, how many replies were asked for and how many inputs the response cache answered (once per input,
/// by its last reply, however many retries it took).
/// </summary>
public sealed record RunProgress(int Total, int Done, int Succeeded, int Failed, int? Attempts = null, int? Cached = null)
{
    public int? Retries => Attempts - Done;
}
