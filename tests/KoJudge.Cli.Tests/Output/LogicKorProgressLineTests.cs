using KoJudge.Cli.Output;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Tests.Output;

public sealed class LogicKorProgressLineTests
{
    [Fact]
    public void It_writes_on_the_reporting_thread_skips_stale_reports_and_always_writes_the_last()
    {
        using var error = new StringWriter();
        var progress = new LogicKorProgressLine(error, "judged", "with a failed judgment");

        progress.Report(new LogicKorRun.Progress(Total: 6, Done: 1, Failed: 0));
        progress.Report(new LogicKorRun.Progress(6, 2, 0));
        progress.Report(new LogicKorRun.Progress(6, 6, 1));
        progress.Report(new LogicKorRun.Progress(6, 5, 1));

        Assert.Equal(["judged 1/6, 0 with a failed judgment", "judged 6/6, 1 with a failed judgment"], error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
