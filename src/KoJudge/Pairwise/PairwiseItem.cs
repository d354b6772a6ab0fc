using KoJudge.Prompts;

namespace KoJudge.Pairwise;

/// <summary>
/// Two answers to one instruction, to be compared: which is better under the rubric, given an optional reference.
/// A null <paramref name="Rubric"/> asks the judge for the general criteria (<see cref="PairwisePrompt.GeneralCriteria"/>).
/// With a <paramref name="PriorTurn"/>, <paramref name="Instruction"/> is the follow-up question and the responses
/// answer it, each after its own side's answer to the first question.
/// </summary>
public sealed record PairwiseItem(
    string Id,
    string Instruction,
    string ResponseA,
    string ResponseB,
    string? Reference = null,
    Rubric? Rubric = null,
    string? Category = null,
    string? ModelA = null,
    string? ModelB = null,
    PairwisePriorTurn? PriorTurn = null)
{
    /// <summary>The prompt as given (<paramref name="swapped"/> false: Response A is <see cref="ResponseA"/>) or the other way round.</summary>
    public string RenderPrompt(PairwisePrompt prompt, bool swapped)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        // Swapping swaps whole conversations: the side shown first keeps its own first answer.
        return swapped
            ? prompt.Render(Instruction, ResponseB, ResponseA, Reference, Rubric, PriorTurn is { } p ? p with { AnswerA = p.AnswerB, AnswerB = p.AnswerA } : null)
            : prompt.Render(Instruction, ResponseA, ResponseB, Reference, Rubric, PriorTurn);
    }
}
