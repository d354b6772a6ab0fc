using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// Judges many items with bounded concurrency and hands each result over as soon as it is done,
/// one at a time, so a writer needs no locking of its own. Cancelled, it takes no new item at once and gives the
/// items in flight <see cref="Grace"/> to finish, so their work is kept rather than thrown away.
/// </summary>
public sealed class JudgeRunner(PrometheusJudge judge, int concurrency = 1)
{
    /// <summary>How long items in flight may still finish after cancellation; short, so Ctrl+C stays prompt.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMilliseconds(250);

    public int Concurrency { get; } = concurrency >= 1
        ? concurrency
        : throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, "must be at least 1");

    public ValueTask<RunSummary> RunAsync(
        IReadOnlyCollection<JudgeItem> items,
        Func<JudgeResult, CancellationToken, ValueTask> onResult,
        IProgress<RunSummary>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(onResult);
        return RunAsync(items, items.Count, (_, result, ct) => onResult(result, ct), annotate: null, progress, cancellationToken);
    }

    /// <summary>Judges items read lazily: only those in flight are held.</summary>
    public async ValueTask<RunSummary> RunAsync(
        IEnumerable<JudgeItem> items,
        int total,
        Func<JudgeItem, JudgeResult, CancellationToken, ValueTask> onResult,
        Func<JudgeItem, JudgeResult, JudgeResult>? annotate = null,
        IProgress<RunSummary>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(onResult);
        int done = 0, scored = 0, failed = 0, attempts = 0, cached = 0;
        using var gate = new SemaphoreSlim(1, 1);
        // New items stop at cancellation; the items in flight are cancelled only when the grace runs out.
        using var inFlight = new CancellationTokenSource();
        using var graceStarts = cancellationToken.Register(() => inFlight.CancelAfter(Grace));

        await Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (item, _) =>
            {
                var ct = inFlight.Token;
                var result = await judge.JudgeAsync(item, ct).ConfigureAwait(false);
                // Work on the result that needs no order (such as hashing) is done here, in parallel, not under the gate.
                result = annotate?.Invoke(item, result) ?? result;
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    await onResult(item, result, ct).ConfigureAwait(false);
                    done++;
                    attempts += result.Attempts;
                    cached += result.FromCache ? 1 : 0;
                    if (result.Succeeded)
                    {
                        scored++;
                    }
                    else
                    {
                        failed++;
                    }
                    progress?.Report(new RunSummary(total, done, scored, failed, attempts, cached));
                }
                finally
                {
                    gate.Release();
                }
            }).ConfigureAwait(false);

        return new RunSummary(total, done, scored, failed, attempts, cached);
    }
}
