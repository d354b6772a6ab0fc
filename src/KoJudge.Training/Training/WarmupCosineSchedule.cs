namespace KoJudge.Training.Training;

/// <summary>
/// transformers' <c>get_cosine_schedule_with_warmup</c>: the learning rate of optimizer step k (from 0) rises linearly
/// as k / warmup, then falls along half a cosine to 0 at the last step.
/// </summary>
/// <remarks>
/// Written as a function of the step rather than as TorchSharp's stateful <c>LambdaLR</c>: a resumed run then needs
/// only the step it stopped at, and no scheduler state to save.
/// </remarks>
public sealed class WarmupCosineSchedule
{
    public WarmupCosineSchedule(double peak, int totalSteps, int warmupSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(peak);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmupSteps, totalSteps);
        (Peak, TotalSteps, WarmupSteps) = (peak, totalSteps, warmupSteps);
    }

    public double Peak { get; }

    public int TotalSteps { get; }

    public int WarmupSteps { get; }

    /// <summary>transformers' rounding of a warm-up ratio: <c>ceil(total · ratio)</c> steps.</summary>
    public static WarmupCosineSchedule FromRatio(double peak, int totalSteps, double warmupRatio) =>
        new(peak, totalSteps, (int)Math.Min(totalSteps, Math.Ceiling(totalSteps * warmupRatio)));

    public double LearningRate(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return Peak * step / Math.Max(1, WarmupSteps);
        }
        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Peak * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
