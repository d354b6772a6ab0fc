using KoJudge.Datasets;
using KoJudge.Runs;

namespace KoJudge.LogicKor;

/// <summary>
/// Runs a step over every row of LogicKor files with bounded concurrency and writes each result as soon as it is
/// done, into one output file per input file. Used to judge answers and to generate them. A rerun resumes: rows
/// already in an output with the same id and request hash are kept and skipped, a torn last line is cut off, and rows
/// made with other settings are refused, so a killed run loses at most the rows in flight.
/// </summary>
public static class LogicKorRun
{
    public sealed record Progress(int Total, int Done, int Failed)
    {
        /// <summary>Rows found already done in the outputs and skipped.</summary>
        public int AlreadyDone { get; init; }

        /// <summary>Outputs whose torn last line, left by a killed run, was cut off.</summary>
        public IReadOnlyList<string> Repaired { get; init; } = [];

        /// <summary>Failed rows taken out of the outputs to run again (<c>retryFailed</c>).</summary>
        public int FailedRowsRetried { get; init; }
    }

    /// <param name="outputFor">Where each input set's rows go.</param>
    /// <param name="settings">What about this run decides its rows (step, engine, limits), for each row's request hash.</param>
    /// <param name="failed">Whether a finished row counts as failed, for progress and for <paramref name="retryFailed"/>.</param>
    /// <param name="retryFailed">Take the failed rows an earlier run left out of the outputs and run them again.</param>
    public static async Task<Progress> RunAsync(
        IReadOnlyList<LogicKorResultSet> sets,
        Func<LogicKorResultSet, string> outputFor,
        string settings,
        Func<LogicKorRecord, CancellationToken, ValueTask<LogicKorRecord>> step,
        Func<LogicKorRecord, bool> failed,
        int concurrency,
        IProgress<Progress>? progress = null,
        bool retryFailed = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(outputFor);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(failed);
        // Every output is checked before any work, so a stale one stops the run before it has spent anything.
        var repaired = new List<string>();
        var todo = new List<(LogicKorResultSet Set, LogicKorRecord Record)>();
        var alreadyDone = 0;
        var retried = 0;
        foreach (var set in sets)
        {
            var done = DoneRows(outputFor(set), repaired, retryFailed ? failed : null, ref retried);
            var stale = set.Records.Count(r => done.TryGetValue(r.Id, out var hash) && hash != LogicKorRequestHash.Compute(settings, r));
            if (stale > 0)
            {
                throw new InputFormatException(outputFor(set), null, "request_hash",
                    $"{stale} rows were made with other settings or from other answers; write to a new output, or pass --overwrite to start over");
            }
            alreadyDone += set.Records.Count(r => done.ContainsKey(r.Id));
            todo.AddRange(set.Records.Where(r => !done.ContainsKey(r.Id)).Select(r => (set, r)));
        }

        var total = todo.Count;
        int finished = 0, failures = 0;
        var writers = new Dictionary<LogicKorResultSet, JsonLinesWriter<LogicKorRecord>>();
        try
        {
            foreach (var set in sets)
            {
                writers[set] = new JsonLinesWriter<LogicKorRecord>(outputFor(set), append: true);
            }
            await Parallel.ForEachAsync(
                todo,
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    var result = await step(item.Record, ct).ConfigureAwait(false) with { RequestHash = LogicKorRequestHash.Compute(settings, item.Record) };
                    await writers[item.Set].WriteAsync(result, ct).ConfigureAwait(false);
                    var isFailed = failed(result);
                    var nowDone = Interlocked.Increment(ref finished);
                    var nowFailed = isFailed ? Interlocked.Increment(ref failures) : Volatile.Read(ref failures);
                    progress?.Report(new Progress(total, nowDone, nowFailed) { AlreadyDone = alreadyDone });
                }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        return new Progress(total, finished, failures) { AlreadyDone = alreadyDone, Repaired = repaired, FailedRowsRetried = retried };
    }

    /// <summary>
    /// The rows an earlier run left in <paramref name="output"/>, by id with their request hash; with
    /// <paramref name="dropFailed"/>, the failed ones are first taken out of the file (rewritten to a new file moved
    /// over the old, so a kill leaves one whole file).
    /// </summary>
    private static Dictionary<int, string?> DoneRows(string output, List<string> repaired, Func<LogicKorRecord, bool>? dropFailed, ref int dropped)
    {
        if (!File.Exists(output))
        {
            return [];
        }
        if (ResultFile.RepairTornLine(output))
        {
            repaired.Add(output);
        }
        var rows = LogicKorReader.Read(output, requireOutputs: false);
        if (dropFailed is not null && rows.Any(dropFailed))
        {
            dropped += ResultFile.DropRows(output, (line, text) => dropFailed(LogicKorReader.ParseLine(output, line, text, requireOutputs: false)));
            rows = rows.Where(r => !dropFailed(r)).ToList();
        }
        return rows.ToDictionary(r => r.Id, r => r.RequestHash);
    }
}
