using KoJudge.Judging;
using KoJudge.Verdicts;
using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// Finds where a reply is about to write its score, right after a verdict marker, and reads the model's
/// probabilities for "1" to "5" there. The markers are the verdict parser's, so the last reading is the one
/// for the verdict the parser will take.
/// </summary>
internal sealed class ScoreProbe
{
    private readonly LLamaToken[]? digits;

    public ScoreProbe(Func<string, LLamaToken[]> tokenize)
    {
        var digitTokens = Enumerable.Range(1, 5).Select(d => tokenize(d.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        // A vocabulary that does not spell each digit as one token has no single position for the score.
        digits = digitTokens.All(t => t.Length == 1) ? digitTokens.Select(t => t[0]).ToArray() : null;
    }

    public bool CanRead => digits is not null;

    /// <summary>True where the text so far ends with a marker and its decoration, so the next token is the score.</summary>
    public bool ScoreComesNext(string textSoFar)
    {
        if (digits is null)
        {
            return false;
        }
        return VerdictPosition.ScoreComesNext(textSoFar);
    }

    /// <summary>The renormalised probabilities of the five digits, from the logits for the next token.</summary>
    public IReadOnlyList<double> Read(Span<float> logits)
    {
        Span<float> five = stackalloc float[5];
        for (var i = 0; i < 5; i++)
        {
            five[i] = logits[(int)digits![i]];
        }
        return ScoreDistributionContent.FromLogits(five).Probabilities;
    }
}
