using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class MetaReportTests
{
    [Fact]
    public async Task The_HTML_report_renders_in_headless_Chromium_with_its_tables_charts_and_heatmaps()
    {
        var report = Path.Combine(Directory.CreateTempSubdirectory("kojudge-report-").FullName, "report.html");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "meta-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var run = await CliRun.InvokeAsync(["meta", "--gold", SharedData.PathOf("data", "logickor", "v2", "evaluated"), "--baseline", "hangul-chrf", "--report", report]);
        var dom = await HeadlessChromium.RunAsync("--dump-dom", new Uri(report).AbsoluteUri);
        await HeadlessChromium.RunAsync("--window-size=1200,1700", $"--screenshot={screenshot}", new Uri(report).AbsoluteUri);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("<table id=\"judges\">", dom, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(dom, "<tr data-judge=\"(baseline:hangul-chrf|floor)\"><td>[^<]+</td><td>[^<]+</td><td class=\"n\">"));
        Assert.Matches("<tr data-category=\"수학\\(Math\\)\" data-judge=\"floor\"><td>수학\\(Math\\)</td><td class=\"name\">floor</td><td class=\"n\">308</td>", dom);
        Assert.Matches("<tr data-judge=\"floor\"><td>floor</td><td>hangul-chrf 0–100</td><td class=\"n\">1844</td><td class=\"rho\">0\\.3[0-9]{2}</td>", dom);
        Assert.Contains("<figure id=\"rho-chart\"><svg", dom, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"model-scatter\"><svg", dom, StringComparison.Ordinal);
        Assert.Equal(2 * 6, Regex.Count(dom, "<table class=\"heatmap\""));
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }

    [Fact]
    public async Task The_report_shows_the_floor_the_bank_judge_and_a_baseline_side_by_side()
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

        var run = await CliRun.InvokeAsync(["meta", "--gold", gold, "--baseline", "hangul", "--bank", "--report", report]);
        var dom = await HeadlessChromium.RunAsync("--dump-dom", new Uri(Path.GetFullPath(report)).AbsoluteUri);
        await HeadlessChromium.RunAsync("--window-size=1200,1900", $"--screenshot={screenshot}", new Uri(Path.GetFullPath(report)).AbsoluteUri);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("<table id=\"judges\">", dom, StringComparison.Ordinal);
        // The floor needs a reference, and this bank has no GPT-4 answers to stand in where a question has none.
        Assert.Matches("<tr data-judge=\"floor\"><td>floor</td><td>hangul-chrf 0–100</td><td class=\"n\">[0-9]+</td>", dom);
        Assert.Matches("<tr data-judge=\"bank\"><td>bank</td><td>bank 0–10</td><td class=\"n\">336</td><td class=\"rho\">0\\.[0-9]{3}</td>", dom);
        Assert.Matches("<tr data-judge=\"baseline:hangul\"><td>baseline:hangul</td><td>hangul 0–1</td><td class=\"n\">336</td>", dom);
        // Eight models, each one point of the bank's in the model-level table.
        Assert.Equal(8, Regex.Count(dom, "<tr data-judge=\"bank\"><td>bank</td><td>[^<]+</td><td>42</td>"));
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }
}
