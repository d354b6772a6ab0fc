using KoJudge.Prompts;

namespace KoJudge.Judging;

/// <summary>One answer to judge: the instruction, the response, an optional reference worth 5, and the rubric.</summary>
public sealed record JudgeItem(
    string Id,
    string Instruction,
    string Response,
    string? Reference,
    Rubric Rubric,
    string? Category = null)
{
    /// <summary>The Prometheus prompt for this item, with or without the reference section.</summary>
    public string RenderPrompt() => AbsoluteGradingPrompt.Render(Instruction, Response, Reference, Rubric);
}
