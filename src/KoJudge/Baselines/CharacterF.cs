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
        Span<int> matches = stackalloc int[Order];
        Span<int> hypTotals = stackalloc int[Order];
        Span<int> refTotals = stackalloc int[Order];
        for (var n = 1; n <= Order; n++)
        {
            hypTotals[n - 1] = hypothesis.Total(n);
            refTotals[n - 1] = reference.Total(n);
            if (hypTotals[n - 1] == 0 || refTotals[n - 1] == 0)
            {
                continue;
            }
            var refGrams = reference.Counts(n);
            matches[n - 1] = hypothesis.Counts(n).Sum(g => Math.Min(g.Value, refGrams.GetValueOrDefault(g.Key)));
        }
        return FromCounts(matches, hypTotals, refTotals);
    }

    /// <summary>
    /// chrF from its counts per order (index 0 is order 1): the clipped matches and each side's n-gram total. The one
    /// formula, shared with the judgment bank's index, which counts the matches of many pairs at once.
    /// </summary>
    public static double FromCounts(ReadOnlySpan<int> matches, ReadOnlySpan<int> hypothesisTotals, ReadOnlySpan<int> referenceTotals)
    {
        double precisionSum = 0, recallSum = 0;
        var effectiveOrder = 0;
        for (var i = 0; i < matches.Length; i++)
        {
            if (hypothesisTotals[i] == 0 || referenceTotals[i] == 0)
            {
                continue;
            }
            precisionSum += (double)matches[i] / hypothesisTotals[i];
            recallSum += (double)matches[i] / referenceTotals[i];
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
