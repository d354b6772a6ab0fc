namespace KoJudge.Training.Training;

/// <summary>
/// What a run did, in a shape the CLI writes as JSON. <paramref name="Steps"/>, <paramref name="Tokens"/> and
/// <paramref name="Seconds"/> count the whole run across resumes; <paramref name="TokensPerSecond"/> is their ratio.
/// <paramref name="AdapterDirectory"/> is null for a cancelled run; <paramref name="Checkpoint"/> is the last one written.
/// </summary>
public sealed record TrainingSummary(
    TrainingOutcome Outcome,
    int Steps,
    int TotalSteps,
    int? ResumedFromStep,
    long Tokens,
    long TargetTokens,
    double Seconds,
    double TokensPerSecond,
    double? FinalLoss,
    EvaluationMetrics? Evaluation,
    string? AdapterDirectory,
    string? Checkpoint);
