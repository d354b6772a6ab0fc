namespace KoJudge.Training.Training;

/// <summary>
/// The held-out set's mean loss per target token and, where a verdict reader is given, the share of examples whose
/// most likely score token (among the score tokens alone) is the target's score.
/// </summary>
public sealed record EvaluationMetrics(int Examples, double Loss, double? VerdictAccuracy, int VerdictsScored);
