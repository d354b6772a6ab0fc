using System.Text.RegularExpressions;

namespace KoJudge.Verdicts;

/// <summary>
/// Reads the verdict of a pairwise judge's reply in one of three formats (<see cref="PairwiseVerdictFormat"/>).
/// <list type="bullet">
/// <item>The verdict is the <b>last</b> marker, in any letter case, with Markdown (<c>**</c>, a <c>:</c>) around it.</item>
/// <item><c>result</c>: <c>[RESULT]</c> (or <c>[결과]</c>, a bare <c>RESULT</c>) followed by A or B alone, then only
/// decoration, as the absolute parser wants its score.</item>
/// <item><c>brackets</c> and <c>arena</c>: the last <c>[[…]]</c> in the reply, as KUDGE and Arena-Hard read it; text
/// may follow it. Its content must be one the format knows.</item>
/// <item>The template's own placeholder (<c>(Either "A" or "B")</c>), a quoted menu of the format's markers, a marker
/// that names both responses and a reply that speaks of A and B without a marker are no verdict, with the reason.</item>
/// </list>
/// </summary>
public static partial class PairwiseVerdictParser
{
    /// <summary>Parses <paramref name="reply"/> as written in <paramref name="format"/>; never throws on any text.</summary>
    public static PairwiseVerdict Parse(string? reply, PairwiseVerdictFormat format)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return PairwiseVerdict.None("", "the reply is empty");
        }
        return format switch
        {
            PairwiseVerdictFormat.Result => ParseResult(reply),
            PairwiseVerdictFormat.Brackets or PairwiseVerdictFormat.Arena => ParseBracketed(reply, format),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown verdict format"),
        };
    }

    private static PairwiseVerdict ParseResult(string reply)
    {
        var markers = VerdictParser.Marker().Matches(reply);
        if (markers.Count == 0)
        {
            return PairwiseVerdict.None(CleanFeedback(reply), NoMarker(reply, "[RESULT], [결과] or RESULT"));
        }
        var last = markers[^1];
        var feedbackStart = markers.Count > 1 ? EndOfEarlierResult(reply, markers[^2]) : 0;
        var feedback = CleanFeedback(reply[feedbackStart..last.Index]);
        var marker = last.Value.Trim();
        var afterMarker = reply[(last.Index + last.Length)..];

        if (Placeholder().IsMatch(afterMarker))
        {
            return PairwiseVerdict.None(feedback, $"the reply echoes the template's placeholder '{Placeholder().Match(afterMarker).Value.Trim(' ', '*', ':', '\n')}' instead of a verdict");
        }
        var letter = LetterAfterMarker().Match(afterMarker);
        if (!letter.Success)
        {
            var rest = afterMarker.TrimStart(' ', '\t', '\r', '\n', '*', ':', '[', '(');
            return PairwiseVerdict.None(feedback, rest.Length == 0 || IsOnlyDecoration(rest)
                ? $"the verdict marker '{marker}' is not followed by A or B"
                : $"the verdict marker '{marker}' is followed by '{Excerpt(rest)}', not A or B");
        }
        var word = letter.Groups["word"].Value;
        var trailing = afterMarker[(letter.Index + letter.Length)..];
        if (word.Length != 1 || word[0] is not ('A' or 'B' or 'a' or 'b'))
        {
            return PairwiseVerdict.None(feedback, IsTieWord(word)
                ? $"'{marker} {word}' is a tie, which the result format does not have: it takes A or B"
                : $"the verdict marker '{marker}' is followed by '{Excerpt(word + trailing.TrimEnd())}', not A or B");
        }
        if (OtherLetter().IsMatch(trailing))
        {
            return PairwiseVerdict.None(feedback, $"'{marker} {Excerpt((word + trailing).Trim())}' names both responses, not one");
        }
        if (!IsOnlyDecoration(trailing))
        {
            return PairwiseVerdict.None(feedback, $"the verdict {word} is followed by '{Excerpt(trailing.Trim())}', so it is not a clean verdict");
        }
        return PairwiseVerdict.Given(char.ToUpperInvariant(word[0]) == 'A' ? PairwiseWinner.A : PairwiseWinner.B, null, feedback);
    }

    private static PairwiseVerdict ParseBracketed(string reply, PairwiseVerdictFormat format)
    {
        var markers = DoubleBrackets().Matches(reply);
        var expected = format == PairwiseVerdictFormat.Brackets ? "[[A]], [[B]] or [[C]]" : "[[A>>B]], [[A>B]], [[A=B]], [[B>A]] or [[B>>A]]";
        if (markers.Count == 0)
        {
            return PairwiseVerdict.None(CleanFeedback(reply), NoMarker(reply, expected));
        }
        var last = markers[^1];
        var feedback = CleanFeedback(UnwrapMarkdown(reply[..last.Index]));
        var content = Squeeze(last.Groups["content"].Value);
        if (IsQuotedMenuEntry(reply, last) && markers.Any(m => Squeeze(m.Groups["content"].Value) != content && IsQuotedMenuEntry(reply, m)))
        {
            return PairwiseVerdict.None(feedback, $"the reply quotes the format's choices (the last is '{last.Value}' in quotes, as the template lists it) instead of giving a verdict");
        }
        var verdict = format == PairwiseVerdictFormat.Brackets ? Brackets(content) : Arena(content);
        if (verdict is { } given)
        {
            return PairwiseVerdict.Given(given.Winner, given.Margin, feedback);
        }
        var otherFormat = format == PairwiseVerdictFormat.Brackets ? Arena(content) : Brackets(content);
        return PairwiseVerdict.None(feedback, otherFormat is not null
            ? $"the last marker '{last.Value}' is another format's; {format.ToString().ToLowerInvariant()} writes {expected}"
            : $"the last marker '{Excerpt(last.Value)}' is none of {expected}");
    }

    private static (PairwiseWinner Winner, int? Margin)? Brackets(string content) => content.ToUpperInvariant() switch
    {
        "A" => (PairwiseWinner.A, null),
        "B" => (PairwiseWinner.B, null),
        "C" => (PairwiseWinner.Tie, null),
        _ => null,
    };

    // Arena-Hard's five labels, and the same relations written from the other side (B<A is A>B).
    private static (PairwiseWinner Winner, int? Margin)? Arena(string content) => content.ToUpperInvariant() switch
    {
        "A>>B" or "B<<A" => (PairwiseWinner.A, 2),
        "A>B" or "B<A" => (PairwiseWinner.A, 1),
        "A=B" or "B=A" => (PairwiseWinner.Tie, 0),
        "B>A" or "A<B" => (PairwiseWinner.B, 1),
        "B>>A" or "A<<B" => (PairwiseWinner.B, 2),
        _ => null,
    };

    // A template lists its markers in quotes with what each means ("[[A]]" if assistant A is better, ...): a reply that
    // ends on such a list has repeated the instructions, and its last marker is no choice. One quoted marker with a
    // condition is a verdict (GPT-4o wrote '"[[B]]" if needing to choose', and KUDGE read B); two different ones are a list.
    private static bool IsQuotedMenuEntry(string reply, Match marker)
    {
        var before = marker.Index > 0 ? reply[marker.Index - 1] : '\0';
        var end = marker.Index + marker.Length;
        var after = end < reply.Length ? reply[end] : '\0';
        return IsQuote(before) && IsQuote(after) && MenuCondition().IsMatch(reply[(end + 1)..]);
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '“' or '”' or '‘' or '’';

    private static bool IsTieWord(string word) =>
        word.Equals("C", StringComparison.OrdinalIgnoreCase) || word.Equals("tie", StringComparison.OrdinalIgnoreCase)
        || word is "무승부" or "동점" or "동등";

    private static string NoMarker(string reply, string expected) =>
        LetterA().IsMatch(reply) && LetterB().IsMatch(reply)
            ? $"no verdict marker ({expected}) in the reply: it speaks of both A and B without choosing one"
            : $"no verdict marker ({expected}) in the reply";

    // Where an earlier [RESULT] is followed by its letter, that verdict belongs to earlier text (a judge that repeated
    // itself), so the last verdict's feedback starts after it and never contains "[RESULT] A".
    private static int EndOfEarlierResult(string reply, Match earlier)
    {
        var end = earlier.Index + earlier.Length;
        var rest = reply[end..];
        var placeholder = Placeholder().Match(rest);
        if (placeholder.Success)
        {
            return end + placeholder.Length;
        }
        var letter = LetterAfterMarker().Match(rest);
        return letter.Success ? end + letter.Index + letter.Length : end;
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static bool IsOnlyDecoration(string text) => Decoration().IsMatch(text);

    // The Markdown that wraps a marker (**[[A]]**, `[[A]]`) is not feedback.
    private static string UnwrapMarkdown(string text) => text.TrimEnd().TrimEnd('*', '`', ' ');

    private static string CleanFeedback(string text) => FeedbackLabel().Replace(text.Trim(), "").Trim();

    private static string Excerpt(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    // [[ and ]] with up to 20 characters that are no brackets or line breaks between them, as KUDGE's \[\[(.*?)\]\] reads
    // them, bounded so that text between two stray brackets is not read as one marker.
    [GeneratedRegex(@"\[\[(?<content>[^\[\]\r\n]{0,20})\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex DoubleBrackets();

    // What may stand between the marker and the letter (**, :, whitespace, an opening bracket, "Response"/"응답"), then one word.
    [GeneratedRegex(@"\A[\s*:]*[\[(]?[\s*""']*(?:(?i:response|assistant)\s+|응답\s*)?(?<word>[A-Za-z]+|[가-힣]+)(?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex LetterAfterMarker();

    // Prometheus's "(Either "A" or "B")", and KoJudge's own prompt's "(A 또는 B)".
    [GeneratedRegex(@"\A[\s*:]*(?:\(?\s*either\s+[""']?A[""']?\s+or\s+[""']?B[""']?\s*\)?|\(\s*A\s*또는\s*B\s*\))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();

    // "A or B", "A/B", "A, B", "A 또는 B": a second letter right after the first.
    [GeneratedRegex(@"\A[ \t*""')\]]*(?:or|and|/|,|&|또는|혹은|이나|와|과)?\s*[""'(\[]*(?i:[AB])(?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex OtherLetter();

    [GeneratedRegex(@"\A(?:\s|\*|\)|\]|\.|""|'|<\|eot_id\|>|<\|end_of_text\|>|<\|im_end\|>|<\|endoftext\|>|<end_of_turn>|<eos>|</s>)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Decoration();

    [GeneratedRegex(@"\A\s*(?:if|for|when|means|=|:|이면|면|일\s*때|인\s*경우)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MenuCondition();

    [GeneratedRegex(@"(?<![A-Za-z])A(?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex LetterA();

    [GeneratedRegex(@"(?<![A-Za-z])B(?![A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex LetterB();

    [GeneratedRegex(@"\A[*\s]*(?:Feedback|피드백)[*\s]*:[*\s]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FeedbackLabel();
}
