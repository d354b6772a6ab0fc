using System.Text.RegularExpressions;

namespace KoJudge.Verdicts;

/// <summary>
/// Reads the verdict of a Prometheus-style reply, <c>Feedback: … [RESULT] n</c>, the way real judges write it.
/// <list type="bullet">
/// <item>The verdict is the <b>last</b> marker: <c>[RESULT]</c> in any letter case, <c>[결과]</c>, or a bare upper-case <c>RESULT</c>.
/// Markdown <c>**</c> and a <c>:</c> may surround the marker, and brackets or parentheses the number.</item>
/// <item>The marker must be followed by one integer from 1 to 5, and after it only trailing decoration:
/// <c>점</c>, <c>/5</c>, <c>**</c>, <c>)</c>, <c>]</c>, <c>.</c>, whitespace and end-of-turn tokens.</item>
/// <item>Anything else — 0, 6, 12, 4.5, no number, text after the number, or the template's own
/// <c>(an integer number between 1 and 5)</c> — is no verdict, with the reason. Nothing is rounded, clamped or defaulted.</item>
/// </list>
/// </summary>
public static partial class VerdictParser
{
    private const string TemplatePlaceholder = "an integer number between 1 and 5";

    public static Verdict Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return Verdict.None("", "the reply is empty");
        }

        var markers = Marker().Matches(reply);
        if (markers.Count == 0)
        {
            return Verdict.None(CleanFeedback(reply), "no verdict marker ([RESULT], [결과] or RESULT) in the reply");
        }

        var last = markers[^1];
        var feedbackStart = markers.Count > 1 ? EndOfEarlierVerdict(reply, markers[^2]) : 0;
        var feedback = CleanFeedback(reply[feedbackStart..last.Index]);
        var afterMarker = reply[(last.Index + last.Length)..];

        var score = ScoreAfterMarker().Match(afterMarker);
        if (!score.Success)
        {
            var rest = afterMarker.TrimStart(' ', '\t', '\r', '\n', '*', ':', '[', '(');
            var reason = rest.StartsWith(TemplatePlaceholder, StringComparison.OrdinalIgnoreCase)
                ? "the reply echoes the template's placeholder '(an integer number between 1 and 5)' instead of a score"
                : rest.Length == 0 || IsOnlyDecoration(rest)
                    ? $"the verdict marker '{last.Value.Trim()}' is not followed by a score"
                    : $"the verdict marker '{last.Value.Trim()}' is followed by '{Excerpt(rest)}', not a score";
            return Verdict.None(feedback, reason);
        }

        var number = score.Groups["number"].Value;
        if (score.Groups["fraction"].Success)
        {
            return Verdict.None(feedback, $"the score '{number}{score.Groups["fraction"].Value}' is not a whole number");
        }
        if (number.Length != 1 || number[0] is < '1' or > '5')
        {
            return Verdict.None(feedback, $"the score '{number}' is not an integer from 1 to 5");
        }

        var trailing = afterMarker[(score.Index + score.Length)..];
        if (!IsOnlyDecoration(trailing))
        {
            return Verdict.None(feedback, $"the score {number} is followed by '{Excerpt(trailing.Trim())}', so it is not a clean verdict");
        }
        return Verdict.Scored(number[0] - '0', feedback);
    }

    // Where an earlier marker is followed by a number, that verdict belongs to earlier text (a judge that
    // repeated itself), so the last verdict's feedback starts after it and never contains "[RESULT] n".
    private static int EndOfEarlierVerdict(string reply, Match earlier)
    {
        var end = earlier.Index + earlier.Length;
        var number = ScoreAfterMarker().Match(reply[end..]);
        return number.Success ? end + number.Index + number.Length : end;
    }

    private static bool IsOnlyDecoration(string text) => Decoration().IsMatch(text);

    private static string CleanFeedback(string text) => FeedbackLabel().Replace(text.Trim(), "").Trim();

    private static string Excerpt(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    // [RESULT] in any case, [결과], or a bare upper-case RESULT word; a Markdown ** before it is part of the marker.
    // Internal, since Prometheus's relative grading writes the same marker before its A or B (PairwiseVerdictParser).
    [GeneratedRegex(@"(?:\*\*\s*)?(?:\[\s*(?i:result)\s*\]|\[\s*결과\s*\]|(?<![A-Za-z0-9_])RESULT(?![A-Za-z0-9_]))", RegexOptions.CultureInvariant)]
    internal static partial Regex Marker();

    // What may stand between the marker and the number (**, :, whitespace, an opening bracket), then the number.
    [GeneratedRegex(@"\A[\s*:]*[\[(]?[\s*]*(?<number>[+-]?[0-9]+)(?<fraction>[.,][0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex ScoreAfterMarker();

    [GeneratedRegex(@"\A(?:\s|점|/\s*5|\*|\)|\]|\.|<\|eot_id\|>|<\|end_of_text\|>|<\|im_end\|>|<\|endoftext\|>|<end_of_turn>|<eos>|</s>)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Decoration();

    [GeneratedRegex(@"\A[*\s]*(?:Feedback|피드백)[*\s]*:[*\s]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FeedbackLabel();
}
