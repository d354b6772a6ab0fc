using KoJudge.Cli.Output;
using KoJudge.Training.Training;

namespace KoJudge.Train.Tests;

public sealed class TrainingProgressLineTests
{
    private static TrainingProgress Step(int step, EvaluationMetrics? evaluation = null) =>
        new(step, 10, 0, 1.5, 2e-4, 1234.4, TimeSpan.FromSeconds(65), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(3), evaluation);

    [Fact]
    public void On_a_terminal_the_step_line_is_redrawn_and_an_evaluation_goes_below_it_on_a_line_of_its_own()
    {
        using var error = new StringWriter();
        var progress = new TrainingProgressLine(new StatusLine(error, terminal: true));

        progress.Report(Step(3));
        progress.Report(Step(10, new EvaluationMetrics(40, 0.25, 0.925, 40)));

        Assert.Equal(
            "\r[###.......] step 3/10 loss 1.5000 1234 tok/s 0:01:05 elapsed, 1:00:03 left\u001b[K\n"
            + "eval at step 10/10: loss 0.2500, verdict accuracy 92.5% (40 verdicts), 40 rows\n"
            + "\r[##########] step 10/10 loss 1.5000 1234 tok/s 0:01:05 elapsed, 1:00:03 left\u001b[K\n",
            error.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Redirected_it_writes_plain_lines_at_most_once_a_second_but_every_evaluation_and_the_last_step()
    {
        using var error = new StringWriter();
        var progress = new TrainingProgressLine(new StatusLine(error, terminal: false));

        progress.Report(Step(1));
        progress.Report(Step(2));
        progress.Report(Step(5, new EvaluationMetrics(5, 1.0, null, 0)));
        progress.Report(Step(10));

        Assert.Equal(
            ["step 1/10 loss 1.5000 1234 tok/s 0:01:05 elapsed, 1:00:03 left",
             "eval at step 5/10: loss 1.0000, no verdicts read, 5 rows",
             "step 10/10 loss 1.5000 1234 tok/s 0:01:05 elapsed, 1:00:03 left"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(72, "\rstep 3/10 loss 1.5000 1234 tok/s 0:01:05 elapsed, 1:00:03 left\u001b[K")]
    [InlineData(30, "\rstep 3/10 loss 1.5000 1234 to\u001b[K")]
    public void On_a_narrow_terminal_the_bar_goes_first_and_then_the_line_is_cut_to_fit(int width, string expected)
    {
        using var error = new StringWriter();
        var progress = new TrainingProgressLine(new StatusLine(error, terminal: true, width));

        progress.Report(Step(3));

        Assert.Equal(expected, error.ToString());
    }
}
