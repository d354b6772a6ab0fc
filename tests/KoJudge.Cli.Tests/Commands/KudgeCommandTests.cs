using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class KudgeCommandTests
{
    private static string Items => SharedData.PathOf("data", "kudge", "data", "k2-eval-pointwise-falseinfo.csv");

    [Fact]
    public async Task KUDGE_rows_become_items_that_kojudge_judges_and_meta_scores()
    {
        var (model, _) = GeneratedModels.Tiny();
        var directory = Directory.CreateTempSubdirectory("kojudge-kudge-").FullName;
        var items = Path.Combine(directory, "items.jsonl");
        var results = Path.Combine(directory, "results.jsonl");
        var json = Path.Combine(directory, "report.json");

        var convert = await CliRun.InvokeAsync(["kudge-items", "--input", Items, "--output", items]);
        // The tiny model reads Korean byte by byte (about 10,000 tokens a prompt): judge the first four rows only.
        var firstFour = Path.Combine(directory, "first-four.jsonl");
        await File.WriteAllLinesAsync(firstFour, File.ReadAllLines(items).Take(4), TestContext.Current.CancellationToken);
        var judge = await CliRun.InvokeAsync(
            ["judge", "--model", model, "--input", firstFour, "--output", results, "--constrain", "--max-tokens", "24", "--threads", "2", "--parallel", "4", "--ctx", "16384", "--flash-attention", "off"]);
        var meta = await CliRun.InvokeAsync(["meta", "--kudge-falseinfo", Items, "--judged", results, "--json", json]);

        convert.AssertExit(ExitCodes.Success);
        Assert.Equal(54, File.ReadAllLines(items).Length);
        judge.AssertExit(ExitCodes.Success);
        meta.AssertExit(ExitCodes.Success);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var overall = report.RootElement.GetProperty("overall");
        Assert.Equal(54, overall.GetProperty("n").GetInt32());
        Assert.Equal(50, overall.GetProperty("no_verdict").GetInt32());
        Assert.Equal(4, overall.GetProperty("below_original").GetInt32() + overall.GetProperty("not_below").GetInt32());
        Assert.Contains("overall", meta.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KUDGEs_own_GPT_4o_results_are_all_below_the_original()
    {
        var run = await CliRun.InvokeAsync(["meta", "--kudge-falseinfo", Items, "--judged", SharedData.PathOf("data", "kudge", "results", "gpt-4o", "_pointwise_iteration_1-false_info.csv")]);

        run.AssertExit(ExitCodes.Success);
        Assert.Matches(@"overall\s+│ 54 +│ 54 +│ 0 +│ 0 +│ 1\.000", run.Out);
    }

    [Fact]
    public async Task With_report_the_false_information_check_writes_its_table_as_HTML()
    {
        var report = Path.Combine(Directory.CreateTempSubdirectory("kojudge-kudge-report-").FullName, "kudge.html");

        var run = await CliRun.InvokeAsync(
            ["meta", "--kudge-falseinfo", Items, "--judged", "gpt-4o=" + SharedData.PathOf("data", "kudge", "results", "gpt-4o", "_pointwise_iteration_1-false_info.csv"), "--report", report]);

        run.AssertExit(ExitCodes.Success);
        var dom = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        var rows = dom.QuerySelectorAll("#kudge-table tr").Skip(1).Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        var overall = rows[^1];
        Assert.Equal(["overall", "54", "54", "0", "0"], overall.Take(5));
        Assert.StartsWith("1.000", overall[5], StringComparison.Ordinal);
        Assert.Equal(rows.Count - 1, run.Out.Split('\n').Count(l => l.StartsWith("│ ", StringComparison.Ordinal)) - 2);
        Assert.StartsWith("kojudge meta --kudge-falseinfo ", dom.QuerySelector("#command")!.TextContent, StringComparison.Ordinal);
    }
}
