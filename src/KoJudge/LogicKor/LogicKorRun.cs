using KoJudge.Datasets;

namespace KoJudge.LogicKor;

/// <summary>
/// Runs a step over every row of LogicKor files with bounded concurrency and writes each result as soon as it is
/// done, into one output file per input file. Used to judge answers and to generate them.
/// </summary>
public static class LogicKorRun
{
    public sealed record Progress(int Total, int Done, int Failed);

    /// <param name="outputFor">Where each input set's rows go.</param>
    /// <param name="failed">Whether a finished row counts as failed, for progress.</param>
    public static async Task<Progress> RunAsync(
        IReadOnlyList<LogicKorResultSet> sets,
        Func<LogicKorResultSet, string> outputFor,
        Func<LogicKorRecord, CancellationToken, ValueTask<LogicKorRecord>> step,
        Func<LogicKorRecord, bool> failed,
        int concurrency,
        IProgress<Progress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(outputFor);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(failed);
        var total = sets.Sum(s => s.Records.Count);
        int done = 0, failures = 0;
        var writers = new Dictionary<LogicKorResultSet, JsonLinesWriter<LogicKorRecord>>();
        try
        {
            foreach (var set in sets)
            {
                writers[set] = new JsonLinesWriter<LogicKorRecord>(outputFor(set));
            }
            var work = sets.SelectMany(set => set.Records.Select(record => (set, record)));
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    var result = await step(item.record, ct).ConfigureAwait(false);
                    await writers[item.set].WriteAsync(result, ct).ConfigureAwait(false);
                    var isFailed = failed(result);
                    var nowDone = Interlocked.Increment(ref done);
                    var nowFailed = isFailed ? Interlocked.Increment(ref failures) : Volatile.Read(ref failures);
                    progress?.Report(new Progress(total, nowDone, nowFailed));
                }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        return new Progress(total, done, failures);
    }
}
