using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// What a run counts of a finished row: whether it has its result, why not, how many replies it took and whether the
/// response cache answered. A job that does not track attempts or the cache leaves them null, and the run's figures
/// then say nothing of them rather than zero.
/// </summary>
public sealed record RowOutcome(bool Succeeded, ErrorKind? ErrorKind = null, int? Attempts = null, bool? FromCache = null)
{
    public static RowOutcome Success { get; } = new(true);

    public static RowOutcome Failure(ErrorKind kind) => new(false, kind);
}
