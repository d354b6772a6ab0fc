using KoJudge.Cli.Output;
using KoJudge.Runs;

namespace KoJudge.Cli.Tests.Output;

public sealed class ProgressLineTests
{
    [Fact]
    public void Off_a_terminal_it_writes_plain_lines_at_most_once_a_second_and_always_the_last()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: false);

        progress.Report(new RunProgress(Total: 10, Done: 5, Succeeded: 4, Failed: 1, Attempts: 6, Cached: 2));
        progress.Report(new RunProgress(10, 6, 5, 1, 7, 2));
        progress.Report(new RunProgress(10, 10, 9, 1, 11, 3));

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("judged 5/10: scored 4, failed 1, cached 2, retries 1; ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("judged 10/10: scored 9, failed 1, cached 3, retries 1; ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error.ToString());
    }

    [Fact]
    public void On_a_terminal_it_redraws_one_line_with_a_bar()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: true);

        progress.Report(new RunProgress(10, 5, 5, 0, 5, 0));

        Assert.StartsWith("\r[############............] judged 5/10: scored 5, failed 0, cached 0, retries 0; ", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\u001b[K", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_a_job_does_not_track_are_left_out_rather_than_shown_as_zero()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: false, verb: "answered", succeeded: "answered");

        progress.Report(new RunProgress(Total: 6, Done: 6, Succeeded: 5, Failed: 1));

        Assert.StartsWith("answered 6/6: answered 5, failed 1; ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cached", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("retries", error.ToString(), StringComparison.Ordinal);
    }
}
