using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class MetaReportTests
{
    [Fact]
    public async Task The_HTML_report_renders_in_headless_Chromium_with_its_table_and_both_charts()
    {
        var report = Path.Combine(Directory.CreateTempSubdirectory("kojudge-report-").FullName, "report.html");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "meta-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var run = await CliRun.InvokeAsync(["meta", "--gold", SharedData.PathOf("data", "logickor", "v2", "evaluated"), "--judge", "baseline:hangul-chrf", "--report", report]);
        var dom = await HeadlessChromium.RunAsync("--dump-dom", new Uri(report).AbsoluteUri);
        await HeadlessChromium.RunAsync("--window-size=1200,1700", $"--screenshot={screenshot}", new Uri(report).AbsoluteUri);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("<table id=\"meta-table\">", dom, StringComparison.Ordinal);
        // The table's header, six categories and overall; then the side-by-side table's header, the floor and the judge.
        Assert.Equal(8 + 3, Regex.Count(dom, "<tr[ >]"));
        Assert.Contains("<td>수학(Math)</td><td>308</td>", dom, StringComparison.Ordinal);
        Assert.Matches("<tr class=\"overall\"><td>overall</td><td>1844</td><td>0\\.3[0-9]{2}</td>", dom);
        Assert.Contains("<figure id=\"rho-chart\"><svg", dom, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"heatmap\"><svg", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }

    [Fact]
    public async Task The_report_shows_the_floor_the_bank_judge_and_the_judge_under_test_side_by_side()
    {
        // Eight models' default answers make a bank small enough to hold each out in turn quickly.
        var evaluated = SharedData.PathOf("data", "logickor", "v2", "evaluated");
        var gold = Directory.CreateTempSubdirectory("kojudge-report-bank-").FullName;
        foreach (var file in Directory.GetFiles(evaluated, "default.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(8))
        {
            var target = Path.Combine(gold, Path.GetRelativePath(evaluated, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var report = Path.Combine(gold, "..", Path.GetFileName(gold) + ".html");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "meta-report-side-by-side.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var run = await CliRun.InvokeAsync(["meta", "--gold", gold, "--judge", "baseline:hangul", "--bank", gold, "--report", report]);
        var dom = await HeadlessChromium.RunAsync("--dump-dom", new Uri(Path.GetFullPath(report)).AbsoluteUri);
        await HeadlessChromium.RunAsync("--window-size=1200,1900", $"--screenshot={screenshot}", new Uri(Path.GetFullPath(report)).AbsoluteUri);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("<table id=\"side-by-side\">", dom, StringComparison.Ordinal);
        // The floor needs a reference, and this bank has no GPT-4 answers to stand in where a question has none.
        Assert.Matches("<tr class=\"floor\"><td>floor</td><td>baseline:hangul-chrf</td><td>[0-9]+</td>", dom);
        Assert.Matches("<tr class=\"bank\"><td>bank</td><td>bank \\(leave-one-model-out\\)</td><td>336</td><td>0\\.[0-9]{3}</td><td>8</td>", dom);
        Assert.Matches("<tr class=\"judge\"><td>judge</td><td>baseline:hangul</td><td>336</td>", dom);
        Assert.Contains("<th>bank ρ</th>", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }
}
