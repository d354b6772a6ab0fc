using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// The closing account of a resumable run: its plan, what it did, and its failures counted by kind. An exit code or a
/// summary speaks of the whole output for this run's inputs (<see cref="FailedInOutput"/>), not only of what this run
/// did: a rerun over rows that all failed has done nothing, and has not succeeded.
/// </summary>
public sealed record RunReport(RunPlan Plan, RunProgress Progress)
{
    /// <summary>The inputs this run did that failed, by kind.</summary>
    public IReadOnlyDictionary<ErrorKind, int> FailedByKind => Progress.FailedByKind;

    /// <summary>The inputs this run did that failed.</summary>
    public int Failed => Progress.Failed;

    /// <summary>The inputs this run did that got their result.</summary>
    public int Succeeded => Progress.Succeeded;

    /// <summary>This run's inputs whose rows in the output have no result: those it made, and those it found and kept.</summary>
    public int FailedInOutput => Progress.Failed + Plan.AlreadyFailed;
}
