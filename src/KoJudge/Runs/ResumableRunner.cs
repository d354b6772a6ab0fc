using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// The one way KoJudge turns inputs into output rows and loses nothing. <see cref="Plan"/> reads the outputs and
/// decides what is done, stale or to be retried, changing nothing; <see cref="RunAsync"/> then repairs and trims the
/// outputs, runs the rest with bounded concurrency, and appends and flushes each row as it finishes, so a killed run
/// loses at most the inputs in flight and a rerun of the same command takes up where it stopped. Cancelled, it starts
/// no new input and gives those in flight <see cref="RunOptions.Grace"/> to finish, so their work is kept.
/// </summary>
public sealed class ResumableRunner<TInput, TRow>(IRunJob<TInput, TRow> job, RunOptions? options = null)
{
    public RunOptions Options { get; } = options ?? new RunOptions();

    /// <summary>Works out what a run over <paramref name="inputs"/> will do; reads the outputs and changes nothing.</summary>
    /// <param name="inputs">Enumerated once here and once more by <see cref="RunAsync"/>, so they may be read lazily.</param>
    public RunPlan Plan(IEnumerable<TInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outputs = new List<string>();
        var written = new Dictionary<string, IReadOnlyDictionary<string, WrittenRow>>(StringComparer.Ordinal);
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var kept = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var retried = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var stale = new Dictionary<string, int>(StringComparer.Ordinal);
        var torn = new List<string>();
        var busy = new List<string>();
        int items = 0, alreadyFailed = 0;
        foreach (var input in inputs)
        {
            var id = job.IdOf(input);
            if (!Options.Shard.Contains(id))
            {
                continue;
            }
            var output = job.OutputOf(input);
            if (!written.TryGetValue(output, out var rows))
            {
                outputs.Add(output);
                seen[output] = new HashSet<string>(StringComparer.Ordinal);
                kept[output] = new HashSet<string>(StringComparer.Ordinal);
                retried[output] = new HashSet<string>(StringComparer.Ordinal);
                if (OutputLock.IsHeldElsewhere(output))
                {
                    busy.Add(output);
                }
                if (Options.Overwrite)
                {
                    rows = new Dictionary<string, WrittenRow>();
                }
                else
                {
                    var file = OutputFile.Read(output, job.ReadWritten);
                    rows = file.Rows;
                    if (file.EndsTorn)
                    {
                        torn.Add(output);
                    }
                }
                written[output] = rows;
            }
            if (!seen[output].Add(id))
            {
                throw new ArgumentException($"two inputs have the id '{id}' for {output}", nameof(inputs));
            }
            items++;
            if (!rows.TryGetValue(id, out var row))
            {
                continue;
            }
            if (Options.RetryFailed && row.Failed)
            {
                retried[output].Add(id);
            }
            else if (row.RequestHash != job.RequestHashOf(input))
            {
                stale[output] = stale.GetValueOrDefault(output) + 1;
            }
            else
            {
                kept[output].Add(id);
                alreadyFailed += row.Failed ? 1 : 0;
            }
        }
        return new RunPlan(
            outputs, kept, retried, items, alreadyFailed,
            outputs.Where(stale.ContainsKey).Select(o => new StaleRows(o, stale[o])).ToList(),
            torn,
            busy);
    }

    /// <summary>Runs what <paramref name="plan"/> left to do; the same inputs as the plan's, enumerated again.</summary>
    public async Task<RunReport> RunAsync(
        IEnumerable<TInput> inputs, RunPlan plan, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Stale.Count > 0)
        {
            throw new InvalidOperationException($"the plan has stale rows in {plan.Stale[0].Output}; a run would mix settings");
        }
        using var locks = LockOutputs(plan);
        PrepareOutputs(plan);

        var total = plan.ToDo;
        int done = 0, succeeded = 0, failed = 0, attempts = 0, cached = 0;
        bool attemptsKnown = true, cacheKnown = true;
        var failedByKind = new Dictionary<ErrorKind, int>();
        RunProgress Now() => new(total, done, succeeded, failed, attemptsKnown ? attempts : null, cacheKnown ? cached : null)
        {
            FailedByKind = failed == 0 ? new Dictionary<ErrorKind, int>() : new Dictionary<ErrorKind, int>(failedByKind),
        };

        var writers = new Dictionary<string, JsonLinesWriter<TRow>>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(1, 1);
        // New inputs stop at cancellation; those in flight are cancelled only when the grace runs out.
        using var inFlight = new CancellationTokenSource();
        using var graceStarts = cancellationToken.Register(() => inFlight.CancelAfter(Options.Grace));
        try
        {
            foreach (var output in plan.Outputs)
            {
                writers[output] = new JsonLinesWriter<TRow>(output, append: true);
            }
            var todo = inputs.Where(i => Options.Shard.Contains(job.IdOf(i)) && !plan.Keeps(job.OutputOf(i), job.IdOf(i)));
            await Parallel.ForEachAsync(
                todo,
                new ParallelOptions { MaxDegreeOfParallelism = Options.Concurrency, CancellationToken = cancellationToken },
                async (input, _) =>
                {
                    var ct = inFlight.Token;
                    var row = await job.RunAsync(input, ct).ConfigureAwait(false);
                    // Work that needs no order (hashing the request) is done here, in parallel, not under the gate.
                    row = job.WithRequestHash(row, job.RequestHashOf(input));
                    var outcome = job.OutcomeOf(row);
                    if (!outcome.Succeeded && outcome.ErrorKind is null)
                    {
                        throw new InvalidOperationException($"the row of '{job.IdOf(input)}' failed without an error kind");
                    }
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await writers[job.OutputOf(input)].WriteAsync(row, ct).ConfigureAwait(false);
                        done++;
                        if (outcome.Succeeded)
                        {
                            succeeded++;
                        }
                        else
                        {
                            failed++;
                            failedByKind[outcome.ErrorKind!.Value] = failedByKind.GetValueOrDefault(outcome.ErrorKind.Value) + 1;
                        }
                        attemptsKnown &= outcome.Attempts is not null;
                        attempts += outcome.Attempts ?? 0;
                        cacheKnown &= outcome.FromCache is not null;
                        cached += outcome.FromCache == true ? 1 : 0;
                        progress?.Report(Now());
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        return new RunReport(plan, Now());
    }

    // Every output is locked before any is touched, so a run that meets another on one of them changes none.
    private static Locks LockOutputs(RunPlan plan)
    {
        var locks = new Locks();
        foreach (var output in plan.Outputs)
        {
            if (OutputLock.TryAcquire(output) is not { } taken)
            {
                locks.Dispose();
                throw new OutputInUseException(output);
            }
            locks.Add(taken);
        }
        return locks;
    }

    private sealed class Locks : List<OutputLock>, IDisposable
    {
        public void Dispose() => ForEach(l => l.Dispose());
    }

    // Each output is made ready to append to: started over, its torn line cut off, its retried rows taken out (through
    // a new file moved over the old, so a kill leaves one whole file).
    private void PrepareOutputs(RunPlan plan)
    {
        foreach (var output in plan.Outputs)
        {
            if (Options.Overwrite)
            {
                if (File.Exists(output))
                {
                    File.Delete(output);
                }
                continue;
            }
            if (plan.TornOutputs.Contains(output))
            {
                OutputFile.RepairTornLine(output);
            }
            var retried = plan.RetriedIn(output);
            if (retried.Count > 0)
            {
                OutputFile.DropRows(output, (line, text) => retried.Contains(job.ReadWritten(output, line, text).Id));
            }
        }
    }
}
