using System.Text.RegularExpressions;
using KoJudge.Verdicts;

namespace KoJudge.Prompts;

/// <summary>
/// A pairwise prompt: a template with <c>{instruction}</c>, <c>{response_a}</c>, <c>{response_b}</c>,
/// <c>{reference}</c> and <c>{rubric}</c> slots (and, for a follow-up turn, <c>{first_question}</c>,
/// <c>{first_answer_a}</c> and <c>{first_answer_b}</c>), and the verdict format its judge writes. KoJudge's own
/// (<see cref="BuiltIn"/>) is laid out as Prometheus's relative grading is; any other (MT-Bench's, KUDGE's,
/// Arena-Hard's) is read from a file at run time (<see cref="FromTemplate"/>), since KoJudge ships none of them.
/// </summary>
public sealed partial record PairwisePrompt
{
    private PairwisePrompt(
        string template, string? templateWithoutReference, string? multiTurnTemplate, string? multiTurnTemplateWithoutReference, PairwiseVerdictFormat format, string name)
    {
        Template = template;
        TemplateWithoutReference = templateWithoutReference;
        MultiTurnTemplate = multiTurnTemplate;
        MultiTurnTemplateWithoutReference = multiTurnTemplateWithoutReference;
        Format = format;
        Name = name;
    }

    /// <summary>The template used when an item has a reference answer (and, for a template from a file, always).</summary>
    public string Template { get; }

    /// <summary>The built-in prompt's form without the reference section; null for a template from a file.</summary>
    public string? TemplateWithoutReference { get; }

    /// <summary>The built-in prompt's form for a follow-up turn (the first turn shown as context); null for a template from a file.</summary>
    public string? MultiTurnTemplate { get; }

    /// <summary>The built-in follow-up form without the reference section; null for a template from a file.</summary>
    public string? MultiTurnTemplateWithoutReference { get; }

    public PairwiseVerdictFormat Format { get; }

    /// <summary>
    /// Whether the prompt can show a follow-up turn's context: the built-in one always; a template from a file where it
    /// has both sides' first-answer slots, since a follow-up judged without its own first answer is judged out of context.
    /// </summary>
    public bool ShowsPriorTurn => MultiTurnTemplate is not null || PriorTurnSlots.All(s => Template.Contains($"{{{s}}}", StringComparison.Ordinal));

    /// <summary>What the prompt is, for a person: <c>kojudge</c> or the template file's name.</summary>
    public string Name { get; }

    private static readonly string[] RequiredSlots = ["instruction", "response_a", "response_b"];

    private static readonly string[] PriorTurnSlots = ["first_answer_a", "first_answer_b"];

    /// <summary>The criteria shown where an item has no rubric and its category names none.</summary>
    public const string GeneralCriteria = "[두 응답 중 어느 쪽이 지시를 더 충실히 따르고, 더 정확하며, 사용자에게 더 도움이 되는가?]";

    /// <summary>KoJudge's own relative-grading prompt, in Korean, asking for <paramref name="format"/>.</summary>
    public static PairwisePrompt BuiltIn(PairwiseVerdictFormat format = PairwiseVerdictFormat.Result) =>
        new(
            RelativeGradingPrompt.Render(format, withReference: true),
            RelativeGradingPrompt.Render(format, withReference: false),
            RelativeGradingPrompt.Render(format, withReference: true, multiTurn: true),
            RelativeGradingPrompt.Render(format, withReference: false, multiTurn: true),
            format,
            "kojudge");

    /// <summary>
    /// A template read from a file. It must hold <c>{instruction}</c>, <c>{response_a}</c> and <c>{response_b}</c>;
    /// <c>{reference}</c> and <c>{rubric}</c> are filled where they stand (a missing reference as empty text).
    /// </summary>
    /// <exception cref="ArgumentException">A slot the prompt cannot do without is missing.</exception>
    public static PairwisePrompt FromTemplate(string template, PairwiseVerdictFormat format, string name)
    {
        ArgumentNullException.ThrowIfNull(template);
        var missing = RequiredSlots.Where(s => !template.Contains($"{{{s}}}", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"the template has no {string.Join(", ", missing.Select(m => $"{{{m}}}"))} slot", nameof(template));
        }
        return new PairwisePrompt(template, null, null, null, format, name);
    }

    /// <summary>
    /// Fills the prompt with <paramref name="first"/> as Response A and <paramref name="second"/> as Response B. A null
    /// <paramref name="rubric"/> shows <see cref="GeneralCriteria"/>. With <paramref name="prior"/> (in the shown
    /// order: its <c>AnswerA</c> is the first answer of the side shown as A), the follow-up form is used.
    /// </summary>
    /// <exception cref="ArgumentException">A prior turn for a template that cannot show it (<see cref="ShowsPriorTurn"/>).</exception>
    public string Render(string instruction, string first, string second, string? reference, Rubric? rubric, Pairwise.PairwisePriorTurn? prior = null)
    {
        if (prior is not null && !ShowsPriorTurn)
        {
            throw new ArgumentException($"the template has no {string.Join(", ", PriorTurnSlots.Select(s => $"{{{s}}}"))} slots to show the first turn", nameof(prior));
        }
        var hasReference = !string.IsNullOrEmpty(reference);
        var template = (prior is not null, hasReference) switch
        {
            (true, true) => MultiTurnTemplate ?? Template,
            (true, false) => MultiTurnTemplateWithoutReference ?? Template,
            (false, true) => Template,
            (false, false) => TemplateWithoutReference ?? Template,
        };
        var rubricText = rubric?.ToPromptText() ?? GeneralCriteria;
        // One pass, so braces inside the filled-in texts (code answers are full of them) are never read as slots.
        return Slot().Replace(template, match => match.Groups[1].Value switch
        {
            "instruction" => instruction,
            "response_a" => first,
            "response_b" => second,
            "reference" => reference ?? "",
            "rubric" => rubricText,
            "first_question" => prior?.Question ?? "",
            "first_answer_a" => prior?.AnswerA ?? "",
            "first_answer_b" => prior?.AnswerB ?? "",
            _ => match.Value,
        });
    }

    [GeneratedRegex(@"\{(instruction|response_a|response_b|reference|rubric|first_question|first_answer_a|first_answer_b)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Slot();
}
