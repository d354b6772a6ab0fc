using KoJudge.Cli.Output;
using KoJudge.Judging;
using KoJudge.Runs;
using Spectre.Console;

namespace KoJudge.Cli.Tests.Output;

public sealed class ProgressLineTests
{
    private static readonly Dictionary<ErrorKind, int> TwoKinds = new() { [ErrorKind.PromptTooLong] = 2, [ErrorKind.NoVerdict] = 1 };

    [Fact]
    public void Off_a_terminal_it_writes_whole_plain_lines_at_most_once_a_second_and_always_the_last()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: false);

        progress.Report(new RunProgress(Total: 10, Done: 5, Succeeded: 4, Failed: 1, Attempts: 6, Cached: 2) { FailedByKind = new Dictionary<ErrorKind, int> { [ErrorKind.PromptTooLong] = 1 } });
        progress.Report(new RunProgress(10, 6, 5, 1, 7, 2));
        progress.Report(new RunProgress(10, 10, 7, 3, 11, 3) { FailedByKind = TwoKinds });

        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("judged 5/10: scored 4, 1 failed (1 prompt too long), cached 2, retries 1; ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("judged 10/10: scored 7, 3 failed (2 prompt too long, 1 no verdict), cached 3, retries 1; ", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"; \d+\.\d\d/s, \d+:\d\d elapsed, \d+:\d\d left$", lines[1]);
        Assert.DoesNotContain('\r', error.ToString());
    }

    [Fact]
    public void On_a_wide_terminal_it_redraws_one_line_in_place_with_a_bar()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: true, width: 200);

        progress.Report(new RunProgress(10, 5, 5, 0, 5, 0));

        Assert.StartsWith("\r[##########..........] judged 5/10: scored 5, 0 failed, cached 0, retries 0; ", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\u001b[K", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.ToString());
    }

    [Theory]
    [InlineData(160)]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(40)]
    public void At_a_fixed_width_every_redraw_fits_and_keeps_the_counts_the_rate_and_the_time_left_while_they_fit(int width)
    {
        using var error = new StringWriter();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var progress = new ProgressLine(error, terminal: true, width: width, verb: "answered", succeeded: "answered", time: time);

        time.Advance(TimeSpan.FromMinutes(10));
        progress.Report(new RunProgress(1260, 900, 885, 15, 930, 40) { FailedByKind = new Dictionary<ErrorKind, int> { [ErrorKind.PromptTooLong] = 12, [ErrorKind.NoVerdict] = 3 } });
        time.Advance(TimeSpan.FromMinutes(4));
        progress.Report(new RunProgress(1260, 1260, 1240, 20, 1300, 50) { FailedByKind = new Dictionary<ErrorKind, int> { [ErrorKind.PromptTooLong] = 16, [ErrorKind.NoVerdict] = 4 } });

        var draws = error.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        foreach (var draw in draws)
        {
            var line = draw.TrimEnd('\n', '\r').Replace("\u001b[K", "", StringComparison.Ordinal);
            Assert.True(line.GetCellWidth() < width, $"{line.GetCellWidth()} columns at {width}: {line}");
        }
        // Whatever the width, done of total and the failed count stay; at 80 the reasons and the time left too:
        // 900 in 10 minutes is 1.50 a second, so the 360 left take 4:00.
        Assert.Contains("answered 900/1260: ", draws[0], StringComparison.Ordinal);
        Assert.Contains("15 failed", draws[0], StringComparison.Ordinal);
        if (width == 80)
        {
            Assert.Contains("15 failed (12 prompt too long, 3 no verdict)", draws[0], StringComparison.Ordinal);
            Assert.EndsWith("4:00 left\u001b[K", draws[0], StringComparison.Ordinal);
            Assert.Contains("answered 1260/1260: 20 failed (16 prompt too long, 4 no verdict); ", draws[1], StringComparison.Ordinal);
            Assert.Contains("0:00 left", draws[1], StringComparison.Ordinal);
        }
        if (width >= 160)
        {
            Assert.Matches(@"^\[#+\.+\] answered 900/1260: answered 885, 15 failed \(12 prompt too long, 3 no verdict\), cached 40, retries 30; 1\.50/s, 10:00 elapsed, 4:00 left", draws[0]);
        }
        Assert.EndsWith("\u001b[K" + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_note_such_as_the_cancel_message_starts_on_a_line_of_its_own()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: true, width: 80);

        progress.Report(new RunProgress(10, 3, 3, 0));
        progress.Note("cancelled; every finished row was written.");
        progress.Note("and a second note needs no extra line break");

        var lines = error.ToString().Split(Environment.NewLine);
        Assert.Matches(@"^\r(\[[#.]+\] )?judged 3/10: ", lines[0]);
        Assert.Equal("cancelled; every finished row was written.", lines[1]);
        Assert.Equal("and a second note needs no extra line break", lines[2]);
    }

    [Fact]
    public void Counts_a_job_does_not_track_are_left_out_rather_than_shown_as_zero()
    {
        using var error = new StringWriter();
        var progress = new ProgressLine(error, terminal: false, verb: "answered", succeeded: "answered");

        progress.Report(new RunProgress(Total: 6, Done: 6, Succeeded: 5, Failed: 1) { FailedByKind = new Dictionary<ErrorKind, int> { [ErrorKind.EngineError] = 1 } });

        Assert.StartsWith("answered 6/6: answered 5, 1 failed (1 engine error); ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cached", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("retries", error.ToString(), StringComparison.Ordinal);
    }
}
