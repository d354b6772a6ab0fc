using KoJudge.Prompts;

namespace KoJudge.Pairwise;

/// <summary>
/// Two answers to one instruction, to be compared: which is better under the rubric, given an optional reference.
/// A null <paramref name="Rubric"/> asks the judge for the general criteria (<see cref="PairwisePrompt.GeneralCriteria"/>).
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
    string? ModelB = null)
{
    /// <summary>The prompt as given (<paramref name="swapped"/> false: Response A is <see cref="ResponseA"/>) or the other way round.</summary>
    public string RenderPrompt(PairwisePrompt prompt, bool swapped)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return swapped
            ? prompt.Render(Instruction, ResponseB, ResponseA, Reference, Rubric)
            : prompt.Render(Instruction, ResponseA, ResponseB, Reference, Rubric);
    }
}
