using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// Everything <see cref="ResumableRunner{TInput, TRow}"/> must know about one kind of work that turns inputs into
/// output rows: where each row goes and under which id, what decides it (its request hash), how to make it, and how to
/// read the rows an earlier run left. Judging items, judging LogicKor answers and generating them are such jobs.
/// </summary>
public interface IRunJob<TInput, TRow>
{
    /// <summary>The input's id, unique within its output: a rerun keeps the row of an id it finds.</summary>
    string IdOf(TInput input);

    /// <summary>The output file its row goes to.</summary>
    string OutputOf(TInput input);

    /// <summary>A hash of everything that decides the row (<see cref="RequestFingerprint"/>).</summary>
    string RequestHashOf(TInput input);

    /// <summary>Makes the row. A failure of the item is a row with its reason; only cancellation throws.</summary>
    ValueTask<TRow> RunAsync(TInput input, CancellationToken cancellationToken);

    TRow WithRequestHash(TRow row, string requestHash);

    RowOutcome OutcomeOf(TRow row);

    /// <summary>Reads a line an earlier run wrote to <paramref name="path"/>; a line that is no such row throws <see cref="Datasets.InputFormatException"/>.</summary>
    WrittenRow ReadWritten(string path, int line, string text);
}
