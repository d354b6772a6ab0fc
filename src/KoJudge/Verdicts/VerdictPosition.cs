using System.Text.RegularExpressions;

namespace KoJudge.Verdicts;

/// <summary>
/// Where a reply is about to write its score: right after a verdict marker and its decoration. Engines read the
/// score's probabilities there; the markers are <see cref="VerdictParser"/>'s, so the last such place is the verdict's.
/// </summary>
public static partial class VerdictPosition
{
    /// <summary>True where the text so far ends with a marker and its decoration, so the next token is the score.</summary>
    public static bool ScoreComesNext(string textSoFar)
    {
        ArgumentNullException.ThrowIfNull(textSoFar);
        var tail = textSoFar.Length > 48 ? textSoFar[^48..] : textSoFar;
        return MarkerAtEnd().IsMatch(tail);
    }

    [GeneratedRegex(@"(?:\[\s*(?i:result)\s*\]|\[\s*결과\s*\]|(?<![A-Za-z0-9_])RESULT)[\s:*\[(]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerAtEnd();
}
