using System.Text;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Tests.Runs;

public sealed class ResumableRunnerTests
{
    private static string NewOutput() => Path.Combine(Directory.CreateTempSubdirectory("kojudge-runner-").FullName, "out.jsonl");

    private static void Write(string path, string text) => File.WriteAllText(path, text, new UTF8Encoding(false));

    private static List<EchoInput> Inputs(int count) => Enumerable.Range(0, count).Select(i => new EchoInput($"i{i}", $"text {i}")).ToList();

    private static async Task<RunReport> RunAsync(EchoJob job, IReadOnlyList<EchoInput> inputs, RunOptions? options = null, IProgress<RunProgress>? progress = null)
    {
        var runner = new ResumableRunner<EchoInput, EchoRow>(job, options);
        return await runner.RunAsync(inputs, runner.Plan(inputs), progress, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_first_run_writes_one_row_per_input_and_counts_failures_by_kind()
    {
        var output = NewOutput();
        var inputs = Inputs(10).Select(i => i.Id is "i3" or "i7" ? i with { Text = "fail:NoVerdict" } : i.Id == "i5" ? i with { Text = "fail:EngineError" } : i).ToList();
        var job = new EchoJob(output);
        var reports = new List<RunProgress>();

        var report = await RunAsync(job, inputs, new RunOptions { Concurrency = 4 }, new SynchronousProgress<RunProgress>(reports.Add));

        var lines = File.ReadAllLines(output);
        Assert.Equal(inputs.Select(i => i.Id).Order(StringComparer.Ordinal), lines.Select(l => l[7..l.IndexOf('"', 7)]).Order(StringComparer.Ordinal));
        Assert.Contains(EchoJob.Line("i0", "TEXT 0", job.HashOf("text 0")), lines);
        Assert.Contains(EchoJob.Line("i5", null, job.HashOf("fail:EngineError"), "engine_error"), lines);
        Assert.Equal(new RunProgress(10, 10, 7, 3, Attempts: 10, Cached: 0) { FailedByKind = new Dictionary<ErrorKind, int> { [ErrorKind.NoVerdict] = 2, [ErrorKind.EngineError] = 1 } }, report.Progress);
        Assert.Equal(new Dictionary<ErrorKind, int> { [ErrorKind.NoVerdict] = 2, [ErrorKind.EngineError] = 1 }, report.FailedByKind);
        Assert.Equal(10, reports.Count);
        Assert.Equal(Enumerable.Range(1, 10), reports.Select(r => r.Done));
        Assert.Equal(report.Progress, reports[^1]);
    }

    [Fact]
    public void The_plan_tells_kept_stale_and_retried_rows_apart_and_changes_nothing()
    {
        var output = NewOutput();
        var job = new EchoJob(output);
        var inputs = new[] { "a", "b", "c", "d", "e" }.Select(id => new EchoInput(id, $"text {id}")).ToList();
        var text = string.Concat(
            EchoJob.Line("a", "TEXT A", job.HashOf("text a")) + "\n",
            EchoJob.Line("b", null, job.HashOf("text b"), "no_verdict") + "\n",
            EchoJob.Line("c", "TEXT C", "made-otherwise") + "\n",
            EchoJob.Line("d", null, "made-otherwise", "engine_error") + "\n",
            // A row for an input this run does not have (another shard's, say) is no business of the plan's.
            EchoJob.Line("z", "TEXT Z", "anything") + "\n");
        Write(output, text);

        var plain = new ResumableRunner<EchoInput, EchoRow>(job).Plan(inputs);
        var retrying = new ResumableRunner<EchoInput, EchoRow>(job, new RunOptions { RetryFailed = true }).Plan(inputs);

        Assert.Equal((5, 2, 1, 0, 3), (plain.Items, plain.AlreadyDone, plain.AlreadyFailed, plain.FailedToRetry, plain.ToDo));
        Assert.Equal([new StaleRows(output, 2)], plain.Stale);
        // Retried rows are run again with today's settings, so a failed row made otherwise is retried, not stale.
        Assert.Equal((5, 1, 0, 2, 4), (retrying.Items, retrying.AlreadyDone, retrying.AlreadyFailed, retrying.FailedToRetry, retrying.ToDo));
        Assert.Equal([new StaleRows(output, 1)], retrying.Stale);
        Assert.Equal(text, File.ReadAllText(output));
        Assert.Empty(job.Ran);
    }

    [Fact]
    public async Task A_plan_with_stale_rows_cannot_run_and_the_output_is_left_as_it_was()
    {
        var output = NewOutput();
        var job = new EchoJob(output);
        var before = new EchoJob(output, settings: "v0");
        var text = EchoJob.Line("i0", "TEXT 0", before.HashOf("text 0")) + "\n";
        Write(output, text);
        var runner = new ResumableRunner<EchoInput, EchoRow>(job);
        var inputs = Inputs(3);

        var plan = runner.Plan(inputs);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(inputs, plan, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(text, File.ReadAllText(output));
        Assert.Empty(job.Ran);
    }

    [Fact]
    public async Task A_rerun_keeps_the_rows_already_there_byte_for_byte_cuts_a_torn_line_and_runs_only_the_rest()
    {
        var output = NewOutput();
        var job = new EchoJob(output);
        var kept = string.Concat(new[] { 0, 2, 4 }.Select(i => EchoJob.Line($"i{i}", $"TEXT {i}", job.HashOf($"text {i}")) + "\n"));
        Write(output, kept + "{\"id\":\"i1\",\"res");
        var runner = new ResumableRunner<EchoInput, EchoRow>(job);
        var inputs = Inputs(6);

        var plan = runner.Plan(inputs);
        var report = await runner.RunAsync(inputs, plan, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([output], plan.TornOutputs);
        Assert.Equal((6, 3, 3), (plan.Items, plan.AlreadyDone, plan.ToDo));
        Assert.Equal(["i1", "i3", "i5"], job.Ran.Order(StringComparer.Ordinal));
        var after = File.ReadAllText(output);
        Assert.StartsWith(kept, after, StringComparison.Ordinal);
        Assert.Equal(6, after.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("\n", after, StringComparison.Ordinal);
        Assert.Equal(3, report.Progress.Total);
        Assert.Equal(3, report.Succeeded);
    }

    [Fact]
    public async Task Retrying_failed_rows_takes_them_out_and_runs_them_again_keeping_every_other_row_as_it_was()
    {
        var output = NewOutput();
        var job = new EchoJob(output);
        var scored = EchoJob.Line("i0", "TEXT 0", job.HashOf("text 0")) + "\n";
        var failed = EchoJob.Line("i1", null, job.HashOf("text 1"), "engine_error") + "\n";
        var other = EchoJob.Line("z", "TEXT Z", "another run's") + "\n";
        Write(output, scored + failed + other);

        var report = await RunAsync(job, Inputs(2), new RunOptions { RetryFailed = true });

        Assert.Equal(["i1"], job.Ran);
        Assert.Equal(1, report.Plan.FailedToRetry);
        Assert.Equal(scored + other + EchoJob.Line("i1", "TEXT 1", job.HashOf("text 1")) + "\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task A_plain_rerun_counts_a_failed_row_as_done_and_does_not_spin_on_it()
    {
        var output = NewOutput();
        var job = new EchoJob(output);
        Write(output, EchoJob.Line("i0", null, job.HashOf("text 0"), "no_verdict") + "\n");

        var report = await RunAsync(job, Inputs(1));

        Assert.Empty(job.Ran);
        Assert.Equal((1, 1), (report.Plan.AlreadyDone, report.Plan.AlreadyFailed));
    }

    [Fact]
    public async Task Overwrite_starts_the_output_over_whatever_it_held()
    {
        var output = NewOutput();
        Write(output, "not even json\n");
        var job = new EchoJob(output);

        await RunAsync(job, Inputs(2), new RunOptions { Overwrite = true });

        Assert.Equal(
            [EchoJob.Line("i0", "TEXT 0", job.HashOf("text 0")), EchoJob.Line("i1", "TEXT 1", job.HashOf("text 1"))],
            File.ReadAllLines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_row_is_on_disk_by_the_time_its_progress_is_reported()
    {
        var output = NewOutput();
        var onDisk = new List<(int Done, int Lines)>();
        var progress = new SynchronousProgress<RunProgress>(p =>
        {
            using var reader = new StreamReader(new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            onDisk.Add((p.Done, reader.ReadToEnd().Count(c => c == '\n')));
        });

        await RunAsync(new EchoJob(output), Inputs(12), new RunOptions { Concurrency = 3 }, progress);

        Assert.Equal(12, onDisk.Count);
        Assert.All(onDisk, d => Assert.Equal(d.Done, d.Lines));
    }

    [Fact]
    public async Task Rows_go_to_the_output_their_input_names()
    {
        var first = NewOutput();
        var second = Path.Combine(Path.GetDirectoryName(first)!, "nested", "second.jsonl");
        var inputs = new[] { new EchoInput("1", "a", first), new EchoInput("1", "b", second), new EchoInput("2", "c", second) };
        var job = new EchoJob(first);

        var report = await RunAsync(job, inputs);

        Assert.Equal([first, second], report.Plan.Outputs);
        Assert.Equal([EchoJob.Line("1", "A", job.HashOf("a"))], File.ReadAllLines(first));
        Assert.Equal([EchoJob.Line("1", "B", job.HashOf("b")), EchoJob.Line("2", "C", job.HashOf("c"))], File.ReadAllLines(second).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shard_runs_only_its_slice_and_the_shards_together_run_every_input_once()
    {
        var inputs = Inputs(40);
        var ran = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var job = new EchoJob(NewOutput());
            var report = await RunAsync(job, inputs, new RunOptions { Shard = new Shard(i, 3) });
            Assert.Equal(job.Ran.Count, report.Plan.Items);
            Assert.All(job.Ran, id => Assert.True(new Shard(i, 3).Contains(id)));
            ran.AddRange(job.Ran);
        }

        Assert.Equal(inputs.Select(i => i.Id).Order(StringComparer.Ordinal), ran.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_inputs_with_one_id_for_one_output_are_refused()
    {
        var job = new EchoJob(NewOutput());

        var error = Assert.Throws<ArgumentException>(() => new ResumableRunner<EchoInput, EchoRow>(job).Plan([new EchoInput("a", "x"), new EchoInput("a", "y")]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Never_more_inputs_are_in_flight_than_its_concurrency()
    {
        int now = 0, most = 0;
        var job = new EchoJob(NewOutput(), before: async (_, ct) =>
        {
            var current = Interlocked.Increment(ref now);
            InterlockedMax(ref most, current);
            await Task.Delay(15, ct);
            Interlocked.Decrement(ref now);
        });

        await RunAsync(job, Inputs(24), new RunOptions { Concurrency = 3 });

        Assert.Equal(3, most);
    }

    [Fact]
    public async Task Cancelled_it_starts_no_new_input_but_writes_those_that_finish_within_the_grace()
    {
        var output = NewOutput();
        var fourInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        // Long enough that the cancellation lands before any of the four finishes, even on a loaded machine.
        var job = new EchoJob(output, before: async (_, ct) =>
        {
            if (Interlocked.Increment(ref started) == 4)
            {
                fourInFlight.TrySetResult();
            }
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        });
        var runner = new ResumableRunner<EchoInput, EchoRow>(job, new RunOptions { Concurrency = 4, Grace = TimeSpan.FromSeconds(10) });
        var inputs = Inputs(40);
        using var cancel = new CancellationTokenSource();

        var run = runner.RunAsync(inputs, runner.Plan(inputs), cancellationToken: cancel.Token);
        await fourInFlight.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(["i0", "i1", "i2", "i3"], job.Ran.Order(StringComparer.Ordinal));
        Assert.Equal(4, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task Inputs_that_outlast_the_grace_are_cancelled_promptly_and_nothing_half_done_is_written()
    {
        var output = NewOutput();
        var job = new EchoJob(output, before: (_, ct) => Task.Delay(TimeSpan.FromSeconds(30), ct));
        var runner = new ResumableRunner<EchoInput, EchoRow>(job, new RunOptions { Concurrency = 4, Grace = TimeSpan.FromMilliseconds(100) });
        var inputs = Inputs(8);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(inputs, runner.Plan(inputs), cancellationToken: cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Empty(File.ReadAllText(output));
    }

    [Fact]
    public void Concurrency_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RunOptions { Concurrency = 0 });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }
            seen = previous;
        }
    }

    [Fact]
    public async Task An_output_another_run_is_writing_is_named_in_the_plan_and_the_run_stops_before_changing_it()
    {
        var output = NewOutput();
        var text = EchoJob.Line("i0", "TEXT 0", new EchoJob(output).HashOf("text 0")) + "\n{\"id\":\"i1\",\"res";
        Write(output, text);
        var job = new EchoJob(output);
        var runner = new ResumableRunner<EchoInput, EchoRow>(job);
        var inputs = Inputs(3);
        RunPlan plan;
        using (var other = OutputLock.TryAcquire(output))
        {
            Assert.NotNull(other);
            plan = runner.Plan(inputs);

            Assert.Equal([output], plan.BusyOutputs);
            var error = await Assert.ThrowsAsync<OutputInUseException>(() => runner.RunAsync(inputs, plan, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal($"{output} is being written by another kojudge process", error.Message);
            // Not even the torn line the other run is in the middle of writing is cut.
            Assert.Equal(text, File.ReadAllText(output));
            Assert.Empty(job.Ran);
        }

        // Once the other run is gone, so is its lock; nothing stale is left to stop the next run.
        Assert.False(File.Exists(OutputLock.PathFor(output)));
        var report = await runner.RunAsync(inputs, runner.Plan(inputs), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, report.Succeeded);
        Assert.False(File.Exists(OutputLock.PathFor(output)));
    }

    [Fact]
    public void A_lock_left_by_a_process_that_died_does_not_count_as_held()
    {
        var output = NewOutput();
        // What a killed run leaves: the lock file, with no process holding its lock.
        File.WriteAllText(OutputLock.PathFor(output), "");

        Assert.False(OutputLock.IsHeldElsewhere(output));
        using var taken = OutputLock.TryAcquire(output);
        Assert.NotNull(taken);
    }
}
