using System.Text;

namespace KoJudge.Baselines;

/// <summary>
/// chrF of an answer against a reference, as sacrebleu computes it by default: character n-grams of orders 1 to 6
/// with whitespace removed; precision and recall each averaged over the orders where both sides have n-grams;
/// F-β with β = 2, on a 0–100 scale.
/// </summary>
/// <remarks>Written out because no maintained .NET package computes chrF; sacrebleu is the reference it follows.</remarks>
public static class CharacterF
{
    public const int Order = 6;
    public const double Beta = 2;

    public static double Score(string hypothesis, string reference) => Score(NGramProfile.Of(hypothesis), NGramProfile.Of(reference));

    /// <summary>Scores against a profile made once: many answers share one reference.</summary>
    public static double Score(NGramProfile hypothesis, NGramProfile reference)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(reference);
        double precisionSum = 0, recallSum = 0;
        var effectiveOrder = 0;
        for (var n = 1; n <= Order; n++)
        {
            var hypTotal = hypothesis.Total(n);
            var refTotal = reference.Total(n);
            if (hypTotal == 0 || refTotal == 0)
            {
                continue;
            }
            var refGrams = reference.Counts(n);
            var matches = hypothesis.Counts(n).Sum(g => Math.Min(g.Value, refGrams.GetValueOrDefault(g.Key)));
            precisionSum += (double)matches / hypTotal;
            recallSum += (double)matches / refTotal;
            effectiveOrder++;
        }
        if (effectiveOrder == 0)
        {
            return 0;
        }
        var precision = precisionSum / effectiveOrder;
        var recall = recallSum / effectiveOrder;
        if (precision + recall == 0)
        {
            return 0;
        }
        var factor = Beta * Beta;
        return 100 * (1 + factor) * precision * recall / (factor * precision + recall);
    }
}

/// <summary>A text's character n-gram counts for orders 1 to <see cref="CharacterF.Order"/>, whitespace removed.</summary>
public sealed class NGramProfile
{
    private readonly Dictionary<(long, long), int>[] counts;
    private readonly int length;

    private NGramProfile(int[] codePoints)
    {
        length = codePoints.Length;
        counts = new Dictionary<(long, long), int>[CharacterF.Order];
        for (var n = 1; n <= CharacterF.Order; n++)
        {
            counts[n - 1] = Count(codePoints, n);
        }
    }

    // Python strings index code points, and sacrebleu removes whitespace by splitting and joining.
    public static NGramProfile Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NGramProfile(text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).Select(r => r.Value).ToArray());
    }

    internal int Total(int n) => Math.Max(0, length - n + 1);

    internal Dictionary<(long, long), int> Counts(int n) => counts[n - 1];

    // An n-gram of up to 6 code points (21 bits each) packs exactly into two longs: no strings to build per n-gram.
    private static Dictionary<(long, long), int> Count(int[] codePoints, int n)
    {
        var result = new Dictionary<(long, long), int>();
        for (var i = 0; i + n <= codePoints.Length; i++)
        {
            long high = 0, low = 0;
            for (var k = 0; k < n; k++)
            {
                if (k < 3)
                {
                    high = (high << 21) | (uint)codePoints[i + k];
                }
                else
                {
                    low = (low << 21) | (uint)codePoints[i + k];
                }
            }
            var key = (high, low);
            result[key] = result.GetValueOrDefault(key) + 1;
        }
        return result;
    }
}
