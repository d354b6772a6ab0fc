using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>The closing account of a resumable run: its plan, what it did, and its failures counted by kind.</summary>
public sealed record RunReport(RunPlan Plan, RunProgress Progress, IReadOnlyDictionary<ErrorKind, int> FailedByKind)
{
    public int Failed => Progress.Failed;

    public int Succeeded => Progress.Succeeded;
}
