using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Cli.Runs;

/// <summary>
/// Where a command meets the <see cref="ResumableRunner{TInput, TRow}"/>: it plans, turns the plan's problems into
/// advice about flags, runs with a progress line, and turns the typed report into the closing lines. Every command
/// that turns inputs into rows ends here, so they resume, refuse and report alike.
/// </summary>
internal static class CommandRun
{
    /// <param name="inputs">The inputs, enumerated once to plan and once to run, so they may be read lazily.</param>
    /// <param name="where">The outputs, as the closing line names them.</param>
    /// <param name="exitCode">The exit code of a run that finished, from its report.</param>
    /// <param name="cacheOn">Whether a response cache stands in front of the engine, so the closing line can say it had none.</param>
    /// <param name="before">Lines a command adds before the closing line (bad input lines it passed over).</param>
    public static async Task<int> RunAsync<TInput, TRow>(
        CliConsole console,
        ResumableRunner<TInput, TRow> runner,
        Func<IEnumerable<TInput>> inputs,
        RunWording wording,
        string where,
        bool cacheOn,
        Func<RunReport, int> exitCode,
        CancellationToken cancellationToken,
        Action? before = null)
    {
        RunPlan plan;
        try
        {
            plan = runner.Plan(inputs());
        }
        catch (Exception e) when (e is InputFormatException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (plan.BusyOutputs.Count > 0)
        {
            foreach (var busy in plan.BusyOutputs)
            {
                console.Error.WriteLine($"error: {busy} is being written by another kojudge process; wait for it, or write to another --output");
            }
            return ExitCodes.BadInput;
        }
        if (plan.Stale.Count > 0)
        {
            foreach (var stale in plan.Stale)
            {
                console.Error.WriteLine(
                    $"error: {stale.Output}: field 'request_hash': {stale.Count} rows were made with other settings (prompt, engine, model, "
                    + "sampling or input); write to a new --output, or pass --overwrite to start over");
            }
            return ExitCodes.BadInput;
        }
        RunReport report;
        var progress = new Output.ProgressLine(console.Error, console.ErrorIsTerminal, console.ErrorWidth ?? Output.Terminal.DefaultWidth, wording.Verb, wording.Succeeded);
        try
        {
            // Said at once, on its own line, so Ctrl+C is seen to be heard while the rows in flight finish.
            using var stopping = cancellationToken.Register(() => progress.Note("cancelling: nothing new is started; rows in flight get a moment to finish."));
            report = await runner.RunAsync(inputs(), plan, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Note("cancelled; every finished row was written.");
            return ExitCodes.Cancelled;
        }
        catch (OutputInUseException e)
        {
            // Another process took the output between the plan and the run.
            console.Error.WriteLine($"error: {e.Message}; wait for it, or write to another --output");
            return ExitCodes.BadInput;
        }
        foreach (var output in plan.TornOutputs)
        {
            console.Error.WriteLine($"repaired {output}: cut off a torn last line left by an interrupted run");
        }
        if (plan.FailedToRetry > 0)
        {
            console.Error.WriteLine($"took {plan.FailedToRetry} failed rows out of {where} to run them again");
        }
        before?.Invoke();
        console.Error.WriteLine(ClosingLine(report, runner.Options, wording, where, cacheOn));
        foreach (var (kind, count) in report.FailedByKind.OrderBy(f => f.Key))
        {
            if (Hint(kind, count) is { } hint)
            {
                console.Error.WriteLine($"hint: {hint}");
            }
        }
        if (plan.AlreadyFailed > 0)
        {
            console.Error.WriteLine($"hint: {plan.AlreadyFailed} rows already in {where} have no result; rerun with --retry-failed to run them again");
        }
        return exitCode(report);
    }

    /// <summary>The one closing line: the whole of this run's inputs, what was already there, and what this run did.</summary>
    public static string ClosingLine(RunReport report, RunOptions options, RunWording wording, string where, bool cacheOn)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wording);
        var progress = report.Progress;
        var failures = report.Failed == 0
            ? "0 failed"
            : $"{report.Failed} failed ({string.Join(", ", report.FailedByKind.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Select(f => $"{f.Value} {Kind(f.Key)}"))}; {wording.Failure})";
        var kept = report.Plan.AlreadyFailed == 0 ? "" : $" ({report.Plan.AlreadyFailed} of them failed)";
        return $"done: {report.Plan.Items} {wording.Noun}{(options.Shard.Count > 1 ? $" in shard {options.Shard}" : "")}: "
            + $"{report.Plan.AlreadyDone} already in {where}{kept}, {report.Succeeded} {wording.Succeeded}, {failures}"
            + (progress.Retries is { } retries ? $", {retries} retries" : "")
            + (!cacheOn ? ", no cache" : progress.Cached is { } cached ? $", {cached} answered from the cache" : "");
    }

    // The core reports failures as kinds; which flag mends each is the command line's to say.
    private static string? Hint(ErrorKind kind, int count) => kind switch
    {
        ErrorKind.PromptTooLong => $"{count} prompts did not fit the context: raise --ctx (in-process), or use a model that holds more",
        ErrorKind.Truncated => $"{count} replies hit the token limit before their verdict: raise --max-tokens",
        ErrorKind.Unauthorized => $"{count} requests were refused for their key: check the variable --api-key-env names",
        ErrorKind.EngineError => $"{count} failed in the engine: once it is sound, rerun with --retry-failed to run them again",
        _ => null,
    };

    private static string Kind(ErrorKind kind) => System.Text.Json.JsonSerializer.Serialize(kind).Trim('"');
}
