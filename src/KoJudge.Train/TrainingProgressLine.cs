using System.Globalization;
using KoJudge.Cli.Output;
using KoJudge.Training.Training;

namespace KoJudge.Train;

/// <summary>
/// A training run on stderr: one status line of step, loss, tokens/s, elapsed and time left (redrawn on a terminal,
/// plain lines elsewhere), and a line of its own for each evaluation.
/// </summary>
internal sealed class TrainingProgressLine(StatusLine line) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Evaluation is { } evaluation)
        {
            line.WriteLine($"eval at step {value.Step}/{value.TotalSteps}: {Describe(evaluation)}");
        }
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"step {value.Step}/{value.TotalSteps} loss {value.Loss:0.0000} {value.TokensPerSecond:0} tok/s {Clock(value.Elapsed)} elapsed, {Clock(value.Remaining)} left");
        // On a narrow terminal the bar goes first, then the line is cut.
        line.Draw(value.Step >= value.TotalSteps, _ => text, _ => [StatusLine.Bar((double)value.Step / value.TotalSteps, BarWidth) + text, text]);
    }

    private const int BarWidth = 10;

    /// <summary>Held-out figures as the eval lines and the summary give them.</summary>
    public static string Describe(EvaluationMetrics evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var accuracy = evaluation.VerdictAccuracy is { } share
            ? string.Create(CultureInfo.InvariantCulture, $"verdict accuracy {share * 100:0.0}% ({evaluation.VerdictsScored} verdicts)")
            : "no verdicts read";
        return string.Create(CultureInfo.InvariantCulture, $"loss {evaluation.Loss:0.0000}, {accuracy}, {evaluation.Examples} rows");
    }

    /// <summary>h:mm:ss, with hours past a day counted on.</summary>
    public static string Clock(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}");
}
