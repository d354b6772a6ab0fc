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
        Assert.Equal(8, Regex.Count(dom, "<tr[ >]"));
        Assert.Contains("<td>수학(Math)</td><td>308</td>", dom, StringComparison.Ordinal);
        Assert.Matches("<tr class=\"overall\"><td>overall</td><td>1844</td><td>0\\.3[0-9]{2}</td>", dom);
        Assert.Contains("<figure id=\"rho-chart\"><svg", dom, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"heatmap\"><svg", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }
}
