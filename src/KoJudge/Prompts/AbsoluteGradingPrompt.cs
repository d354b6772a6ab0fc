using System.Text.RegularExpressions;

namespace KoJudge.Prompts;

/// <summary>
/// The seed's Prometheus absolute-grading prompt, in its two forms: with a reference answer worth 5,
/// and without one, as Prometheus words it (<c>ABSOLUTE_PROMPT_WO_REF</c>).
/// </summary>
public static partial class AbsoluteGradingPrompt
{
    // The no-reference form is the seed's own text less exactly these two pieces, so the two forms cannot drift apart.
    private const string ReferenceWords = "a reference answer that gets a score of 5, ";
    private const string ReferenceSection = "###Reference Answer (Score 5):\n{reference}\n\n";

    private static readonly Lazy<string> WithoutReference = new(() =>
        RemoveOnce(RemoveOnce(KoPrometheusSeed.AbsoluteGradingTemplate, ReferenceWords), ReferenceSection));

    /// <summary>The template with a reference answer, exactly as the seed gives it.</summary>
    public static string TemplateWithReference => KoPrometheusSeed.AbsoluteGradingTemplate;

    /// <summary>The template for items without a reference answer.</summary>
    public static string TemplateWithoutReference => WithoutReference.Value;

    /// <summary>
    /// Fills the prompt. A null or empty <paramref name="reference"/> selects the no-reference form.
    /// </summary>
    public static string Render(string instruction, string response, string? reference, Rubric rubric)
    {
        var hasReference = !string.IsNullOrEmpty(reference);
        var template = hasReference ? TemplateWithReference : TemplateWithoutReference;
        var rubricText = rubric.ToPromptText();
        // One pass over the template, as Python's str.format does: braces inside the filled-in texts
        // (code answers are full of them) are never read as slots.
        return Slot().Replace(template, match => match.Groups[1].Value switch
        {
            "instruction" => instruction,
            "response" => response,
            "reference" => reference!,
            "rubrics" => rubricText,
            _ => match.Value,
        });
    }

    private static string RemoveOnce(string text, string piece)
    {
        var at = text.IndexOf(piece, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(piece, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The seed's prompt should hold '{piece}' exactly once.");
        }
        return text.Remove(at, piece.Length);
    }

    [GeneratedRegex(@"\{(instruction|response|reference|rubrics)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Slot();
}
