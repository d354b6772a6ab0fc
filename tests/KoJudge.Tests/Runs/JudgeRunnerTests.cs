using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.Runs;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Runs;

public sealed class JudgeRunnerTests
{
    [Fact]
    public async Task Hands_over_every_result_once_and_counts_them()
    {
        var rubric = RubricCatalog.Find("writing")!.Rubric;
        var items = Enumerable.Range(0, 30).Select(i => new JudgeItem($"i{i}", $"질문 {i}", "답변", null, rubric)).ToList();
        // Items 0 and 3 never get a verdict; the rest do at once.
        var flaky = new PrometheusJudge(
            new ScriptedChatClient((_, prompt) => ScriptedChatClient.Reply(
                prompt.Contains("질문 0\n", StringComparison.Ordinal) || prompt.Contains("질문 3\n", StringComparison.Ordinal) ? "없음" : "[RESULT] 3")),
            new JudgeOptions { Retries = 1 });
        var seen = new List<JudgeResult>();
        var reports = new List<RunSummary>();

        var summary = await new JudgeRunner(flaky, concurrency: 4).RunAsync(
            items,
            (result, _) => { seen.Add(result); return ValueTask.CompletedTask; },
            new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal(items.Select(i => i.Id).Order(), seen.Select(r => r.Id).Order());
        Assert.Equal(new RunSummary(30, 30, 28, 2, 32, 0), summary);
        Assert.Equal(2, summary.Retries);
        Assert.Equal(30, reports.Count);
        Assert.Equal(summary, reports[^1]);
        Assert.All(seen.Where(r => r.Id is "i0" or "i3"), r => Assert.Null(r.Score));
    }

    [Fact]
    public async Task Cancelled_it_takes_no_new_item_but_keeps_what_finishes_within_the_grace()
    {
        var rubric = RubricCatalog.Find("math")!.Rubric;
        var items = Enumerable.Range(0, 40).Select(i => new JudgeItem($"i{i}", $"질문 {i}", "답변", null, rubric)).ToList();
        // Long enough that the cancellation below lands before any of the four finishes, even on a loaded machine.
        var client = new DelayedChatClient(TimeSpan.FromSeconds(1.5));
        var judge = new PrometheusJudge(client);
        var seen = new List<string>();
        using var cancel = new CancellationTokenSource();

        var run = new JudgeRunner(judge, concurrency: 4) { Grace = TimeSpan.FromSeconds(10) }.RunAsync(
            items, (result, _) => { seen.Add(result.Id); return ValueTask.CompletedTask; }, cancellationToken: cancel.Token).AsTask();
        // Cancel once four items are in flight, whatever the machine's speed.
        await client.InFlight(4).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // The four in flight finished and were handed over; no fifth was started.
        Assert.Equal(["i0", "i1", "i2", "i3"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(4, client.Started);
    }

    [Fact]
    public async Task Items_that_outlast_the_grace_are_cancelled()
    {
        var rubric = RubricCatalog.Find("math")!.Rubric;
        var items = Enumerable.Range(0, 8).Select(i => new JudgeItem($"i{i}", $"질문 {i}", "답변", null, rubric)).ToList();
        var judge = new PrometheusJudge(new DelayedChatClient(TimeSpan.FromSeconds(30)));
        var seen = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new JudgeRunner(judge, concurrency: 4) { Grace = TimeSpan.FromMilliseconds(100) }.RunAsync(
            items, (_, _) => { seen++; return ValueTask.CompletedTask; }, cancellationToken: cancel.Token).AsTask());

        Assert.Equal(0, seen);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Concurrency_below_one_is_refused()
    {
        var judge = new PrometheusJudge(new ScriptedChatClient(_ => ScriptedChatClient.Reply("[RESULT] 3")));

        Assert.Throws<ArgumentOutOfRangeException>(() => new JudgeRunner(judge, 0));
    }

    private sealed class DelayedChatClient(TimeSpan delay) : Microsoft.Extensions.AI.IChatClient
    {
        private readonly TaskCompletionSource fourInFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int started;

        public int Started => Volatile.Read(ref started);

        /// <summary>Completes once this many calls have started.</summary>
        public Task InFlight(int count) => count == 4 ? fourInFlight.Task : throw new ArgumentOutOfRangeException(nameof(count));

        public async Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref started) == 4)
            {
                fourInFlight.TrySetResult();
            }
            await Task.Delay(delay, cancellationToken);
            return ScriptedChatClient.Reply("[RESULT] 3");
        }

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class SynchronousProgress(Action<RunSummary> report) : IProgress<RunSummary>
    {
        public void Report(RunSummary value) => report(value);
    }
}
