using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Pairwise;

/// <summary>Comparing pairs into one JSONL file of <see cref="PairwiseResult"/> rows: the job behind <c>kojudge compare</c>.</summary>
/// <param name="engine">What answers, for the request hash: the engine's identity (kind, model, adapters, grammar).</param>
public sealed class PairwiseJob(PairwiseJudge judge, string engine, string output) : IRunJob<PairwiseItem, PairwiseResult>
{
    public string IdOf(PairwiseItem input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Id;
    }

    public string OutputOf(PairwiseItem input) => output;

    public string RequestHashOf(PairwiseItem input) => RequestFingerprint.Compute(input, judge.Prompt, judge.Options, engine);

    public ValueTask<PairwiseResult> RunAsync(PairwiseItem input, CancellationToken cancellationToken) => judge.JudgeAsync(input, cancellationToken);

    public PairwiseResult WithRequestHash(PairwiseResult row, string requestHash)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row with { RequestHash = requestHash };
    }

    public RowOutcome OutcomeOf(PairwiseResult row)
    {
        ArgumentNullException.ThrowIfNull(row);
        // The run counts as retries the replies beyond one per row; a pair asks two questions at the least, so its second
        // order's first reply is counted as the row's own, not as a retry.
        return new RowOutcome(row.Succeeded, row.ErrorKind, row.Attempts - 1, row.FromCache);
    }

    public WrittenRow ReadWritten(string path, int line, string text) => ReadRow(path, line, text);

    /// <summary>Reads a pairwise row as a rerun needs it; static, so an output can be checked before an engine exists.</summary>
    public static WrittenRow ReadRow(string path, int line, string text) => WrittenRow.Parse(path, line, text, "verdict");
}
