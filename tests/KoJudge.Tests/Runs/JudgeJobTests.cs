using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.Runs;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Runs;

public sealed class JudgeJobTests
{
    [Fact]
    public async Task Judged_through_the_runner_every_item_gets_one_row_with_its_hash_and_failures_carry_their_kind()
    {
        var rubric = RubricCatalog.Find("writing")!.Rubric;
        var items = Enumerable.Range(0, 30).Select(i => new JudgeItem($"i{i}", $"질문 {i}", "답변", null, rubric)).ToList();
        // Items 0 and 3 never get a verdict; the rest do at once.
        var client = new ScriptedChatClient((_, prompt) => ScriptedChatClient.Reply(
            prompt.Contains("질문 0\n", StringComparison.Ordinal) || prompt.Contains("질문 3\n", StringComparison.Ordinal) ? "없음" : "[RESULT] 3"));
        var judge = new PrometheusJudge(client, new JudgeOptions { Retries = 1 }) { EngineIdentity = "engine-a" };
        var output = Path.Combine(Directory.CreateTempSubdirectory("kojudge-judgejob-").FullName, "out.jsonl");
        var job = new JudgeJob(judge, output);
        var runner = new ResumableRunner<JudgeItem, JudgeResult>(job, new RunOptions { Concurrency = 4 });

        var report = await runner.RunAsync(items, runner.Plan(items), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new RunProgress(30, 30, 28, 2, Attempts: 32, Cached: 0) { FailedByKind = new Dictionary<ErrorKind, int> { [ErrorKind.NoVerdict] = 2 } }, report.Progress);
        Assert.Equal(2, report.Progress.Retries);
        Assert.Equal(new Dictionary<ErrorKind, int> { [ErrorKind.NoVerdict] = 2 }, report.FailedByKind);
        var rows = KoJudge.Datasets.JsonLinesReader.ReadLines(output).Select(l => job.ReadWritten(output, l.Line, l.Text)).ToDictionary(r => r.Id);
        Assert.Equal(items.Select(i => i.Id).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal(RequestFingerprint.Compute(i, judge.Options, "engine-a"), rows[i.Id].RequestHash));
        Assert.Equal(new WrittenRow("i3", rows["i3"].RequestHash, Failed: true, ErrorKind.NoVerdict), rows["i3"]);
        Assert.False(rows["i4"].Failed);

        // The same items with another engine are made otherwise: every row is stale.
        var other = new ResumableRunner<JudgeItem, JudgeResult>(new JudgeJob(new PrometheusJudge(client, judge.Options) { EngineIdentity = "engine-b" }, output)).Plan(items);
        Assert.Equal([new StaleRows(output, 30)], other.Stale);
    }
}
