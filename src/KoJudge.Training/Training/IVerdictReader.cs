namespace KoJudge.Training.Training;

/// <summary>
/// Knows how a target spells its verdict, so evaluation can read the model's verdict at the score's place under
/// teacher forcing: the argmax of the next-token logits over <see cref="ScoreTokenIds"/>.
/// </summary>
public interface IVerdictReader
{
    /// <summary>The ids of the score tokens, the one for score 1 first.</summary>
    IReadOnlyList<int> ScoreTokenIds { get; }

    /// <summary>The score's place in the example's target, or null when the target holds no verdict.</summary>
    ScoreSlot? Locate(TokenizedExample example);
}
