using KoJudge.Datasets;

namespace KoJudge.Runs;

/// <summary>
/// The closing account of a run: what was judged now, what failed and why, how many items the response cache
/// answered, and what was found already done or skipped.
/// </summary>
public sealed record JudgeRunSummary(
    int Items,
    int AlreadyDone,
    int Scored,
    IReadOnlyDictionary<string, int> FailedByReason,
    int Retries,
    int Cached,
    IReadOnlyList<InputFormatException> SkippedLines,
    bool RepairedTornLine)
{
    /// <summary>Rows without a score that <see cref="JudgeRunOptions.RetryFailed"/> took out of the output to judge again.</summary>
    public int FailedRowsRetried { get; init; }

    public int Failed => FailedByReason.Values.Sum();
}
