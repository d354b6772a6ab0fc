using KoJudge.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace KoJudge.Evaluation;

/// <summary>
/// What the Korean Prometheus judge needs beside the conversation: the rubric to grade by and, where there is one,
/// a reference answer worth 5. Both travel into the evaluation result, so a report shows what the score was measured against.
/// </summary>
public sealed class KoPrometheusEvaluatorContext : EvaluationContext
{
    /// <summary>The name this context takes in an evaluation result.</summary>
    public const string ContextName = "Korean Prometheus rubric and reference";

    /// <param name="rubric">A built-in rubric (<see cref="RubricCatalog"/>) or one of your own.</param>
    /// <param name="reference">A reference answer worth 5, or null for the prompt's no-reference form.</param>
    public KoPrometheusEvaluatorContext(Rubric rubric, string? reference = null)
        : base(ContextName, Describe(rubric, reference))
    {
        Rubric = rubric;
        Reference = reference;
    }

    public Rubric Rubric { get; }

    public string? Reference { get; }

    private static AIContent[] Describe(Rubric rubric, string? reference)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        return reference is null
            ? [new TextContent(rubric.ToPromptText())]
            : [new TextContent(rubric.ToPromptText()), new TextContent(reference)];
    }
}
