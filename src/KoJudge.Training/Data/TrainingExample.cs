namespace KoJudge.Training.Data;

/// <summary>
/// One row tokenized for training: the prompt exactly as the judge sends it, then the target the model learns to write
/// (the loss covers the target alone), with the row's origin for messages.
/// </summary>
public sealed record TrainingExample(IReadOnlyList<int> PromptIds, IReadOnlyList<int> TargetIds, RowOrigin Origin)
{
    public int Length => PromptIds.Count + TargetIds.Count;
}
