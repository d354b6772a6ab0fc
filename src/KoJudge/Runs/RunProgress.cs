using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// Where a run stands among the inputs it has to do: how many are done, how many have their result, and, where the
/// job tracks them, how many replies were asked for and how many inputs the response cache answered (once per input,
/// by its last reply, however many retries it took); and the failures so far by kind, so a progress line can say why.
/// </summary>
public sealed record RunProgress(int Total, int Done, int Succeeded, int Failed, int? Attempts = null, int? Cached = null)
{
    private static readonly IReadOnlyDictionary<ErrorKind, int> None = new Dictionary<ErrorKind, int>();

    public int? Retries => Attempts - Done;

    /// <summary>The <see cref="Failed"/> inputs counted by why they failed.</summary>
    public IReadOnlyDictionary<ErrorKind, int> FailedByKind { get; init; } = None;

    // By content: two snapshots of the same counts are equal, whichever dictionary holds the failures.
    public bool Equals(RunProgress? other) =>
        other is not null
        && (Total, Done, Succeeded, Failed, Attempts, Cached) == (other.Total, other.Done, other.Succeeded, other.Failed, other.Attempts, other.Cached)
        && FailedByKind.Count == other.FailedByKind.Count
        && FailedByKind.All(k => other.FailedByKind.TryGetValue(k.Key, out var count) && count == k.Value);

    public override int GetHashCode() => HashCode.Combine(Total, Done, Succeeded, Failed, Attempts, Cached, FailedByKind.Count);
}
