using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>Judging items into one JSONL file of <see cref="JudgeResult"/> rows: the job behind <c>kojudge judge</c>.</summary>
public sealed class JudgeJob(IItemJudge judge, string output) : IRunJob<JudgeItem, JudgeResult>
{
    public string IdOf(JudgeItem input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Id;
    }

    public string OutputOf(JudgeItem input) => output;

    public string RequestHashOf(JudgeItem input) => judge.RequestHashOf(input);

    public ValueTask<JudgeResult> RunAsync(JudgeItem input, CancellationToken cancellationToken) => judge.JudgeAsync(input, cancellationToken);

    public JudgeResult WithRequestHash(JudgeResult row, string requestHash)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row with { RequestHash = requestHash };
    }

    public RowOutcome OutcomeOf(JudgeResult row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new RowOutcome(row.Succeeded, row.ErrorKind, row.Attempts, row.FromCache);
    }

    public WrittenRow ReadWritten(string path, int line, string text) => ReadRow(path, line, text);

    /// <summary>Reads a result row as a rerun needs it; static, so an output can be checked before an engine exists.</summary>
    public static WrittenRow ReadRow(string path, int line, string text) => WrittenRow.Parse(path, line, text, "score");
}
