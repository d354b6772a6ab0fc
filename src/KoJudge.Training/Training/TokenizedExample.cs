namespace KoJudge.Training.Training;

/// <summary>
/// One supervised example as token ids: the prompt the model reads and the target it learns to write after it. Only
/// the target's tokens count in the loss.
/// </summary>
public sealed record TokenizedExample(int[] PromptIds, int[] TargetIds)
{
    public int Length => PromptIds.Length + TargetIds.Length;
}
