namespace KoJudge.Training.Training;

/// <summary>
/// A checkpoint's bookkeeping (<c>state.json</c>). The data order and dropout draws are functions of the seed and
/// the step, so the step is all a resumed run needs to go on as the uninterrupted one would; the rest says which
/// run the checkpoint belongs to and what it had done.
/// </summary>
internal sealed record CheckpointState(int Step, int TotalSteps, int Seed, int Examples, long Tokens, long TargetTokens, double Seconds, double? LastLoss);
