namespace KoJudge.Training.Training;

/// <summary>
/// Reported after each optimizer step: <paramref name="Loss"/> is that step's mean loss per target token,
/// <paramref name="TokensPerSecond"/> counts every token read in this session, and <paramref name="Remaining"/> is
/// this session's pace carried over the steps left. <paramref name="Evaluation"/> is set on the steps that evaluate.
/// </summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    int Epoch,
    double Loss,
    double LearningRate,
    double TokensPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    EvaluationMetrics? Evaluation = null);
