using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// Judges a JSONL file into a JSONL file and loses nothing: the input is checked before any work, the output is
/// appended row by row and flushed, and a rerun of the same command skips the rows already there (same id and
/// request hash), so a killed run loses at most the items in flight and never writes a row twice.
/// </summary>
public sealed class JudgeRun(PrometheusJudge judge, string engine, int concurrency)
{
    /// <param name="checkedInput">The input, checked by <see cref="JudgeInput.Check"/> before the engine was loaded.</param>
    public async Task<JudgeRunSummary> RunAsync(
        JudgeInput checkedInput, string output, JudgeRunOptions options, IProgress<RunSummary>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkedInput);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Overwrite && File.Exists(output))
        {
            File.Delete(output);
        }
        var existing = ResultFile.Open(output);
        var mine = checkedInput.Ids.Where(options.Shard.Contains).ToHashSet(StringComparer.Ordinal);
        var retried = options.RetryFailed ? existing.FailedIds.Where(mine.Contains).ToHashSet(StringComparer.Ordinal) : [];
        if (retried.Count > 0)
        {
            existing = existing.DropRows(output, retried);
        }
        // Only rows already written need their hash checked before work starts; new rows get theirs as they finish.
        var stale = existing.HashById.Count == 0 ? 0 : checkedInput.Items()
            .Where(i => mine.Contains(i.Id) && existing.HashById.TryGetValue(i.Id, out var written) && written != RequestFingerprint.Compute(i, judge.Options, engine))
            .Count();
        if (stale > 0)
        {
            throw new InputFormatException(output, null, "request_hash",
                $"{stale} rows were made with other settings (prompt, engine, model or sampling); write to a new --output, or pass --overwrite to start over");
        }
        var alreadyDone = existing.HashById.Keys.Count(mine.Contains);
        var todo = checkedInput.Items().Where(i => mine.Contains(i.Id) && !existing.HashById.ContainsKey(i.Id));

        var failed = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var writer = new JsonLinesWriter<JudgeResult>(output, append: true);
        var summary = await new JudgeRunner(judge, concurrency).RunAsync(
            todo,
            mine.Count - alreadyDone,
            async (_, result, ct) =>
            {
                if (!result.Succeeded)
                {
                    var reason = FailureReason(result);
                    failed[reason] = failed.GetValueOrDefault(reason) + 1;
                }
                await writer.WriteAsync(result, ct).ConfigureAwait(false);
            },
            (item, result) => result with { RequestHash = RequestFingerprint.Compute(item, judge.Options, engine) },
            progress,
            cancellationToken).ConfigureAwait(false);
        return new JudgeRunSummary(mine.Count, alreadyDone, summary.Scored, failed, summary.Retries, summary.Cached, checkedInput.Skipped, existing.RepairedTornLine)
        {
            FailedRowsRetried = retried.Count,
        };
    }

    private static string FailureReason(JudgeResult result) =>
        result.Error is null ? "no verdict"
        : result.Error.Contains("engine error", StringComparison.Ordinal) ? "engine error"
        : result.Error.Contains("truncated", StringComparison.Ordinal) ? "truncated"
        : "no verdict";
}
