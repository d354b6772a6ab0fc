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
