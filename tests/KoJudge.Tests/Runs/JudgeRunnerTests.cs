using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.Runs;
using KoJudge.Tests.Support;

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
            new SynchronousProgress(reports.Add));

        Assert.Equal(items.Select(i => i.Id).Order(), seen.Select(r => r.Id).Order());
        Assert.Equal(new RunSummary(30, 30, 28, 2, 32), summary);
        Assert.Equal(2, summary.Retries);
        Assert.Equal(30, reports.Count);
        Assert.Equal(summary, reports[^1]);
        Assert.All(seen.Where(r => r.Id is "i0" or "i3"), r => Assert.Null(r.Score));
    }

    [Fact]
    public void Concurrency_below_one_is_refused()
    {
        var judge = new PrometheusJudge(new ScriptedChatClient(_ => ScriptedChatClient.Reply("[RESULT] 3")));

        Assert.Throws<ArgumentOutOfRangeException>(() => new JudgeRunner(judge, 0));
    }

    private sealed class SynchronousProgress(Action<RunSummary> report) : IProgress<RunSummary>
    {
        public void Report(RunSummary value) => report(value);
    }
}
