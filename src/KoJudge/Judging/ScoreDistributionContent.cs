using Microsoft.Extensions.AI;

namespace KoJudge.Judging;

/// <summary>
/// An engine's reading of its own score: the probabilities of writing 1 to 5 at the position of the verdict's digit,
/// renormalised over those five. Engines that can read it attach it to the reply's message; the judge reports it
/// as <c>probabilities</c> and <c>expected_score</c>.
/// </summary>
public sealed class ScoreDistributionContent : AIContent
{
    public ScoreDistributionContent(IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != 5)
        {
            throw new ArgumentException("A score distribution has one probability for each score from 1 to 5.", nameof(probabilities));
        }
        Probabilities = probabilities;
    }

    /// <summary>P(1) .. P(5), summing to 1.</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>Σ score × P(score), in [1, 5].</summary>
    public double ExpectedScore => Probabilities.Select((p, i) => p * (i + 1)).Sum();

    /// <summary>The softmax of five logits, the log-probabilities of "1" to "5".</summary>
    public static ScoreDistributionContent FromLogits(ReadOnlySpan<float> logits)
    {
        if (logits.Length != 5)
        {
            throw new ArgumentException("Five logits are needed, for 1 to 5.", nameof(logits));
        }
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }
        var exps = new double[5];
        var sum = 0.0;
        for (var i = 0; i < 5; i++)
        {
            exps[i] = Math.Exp(logits[i] - max);
            sum += exps[i];
        }
        return new ScoreDistributionContent(exps.Select(e => e / sum).ToArray());
    }
}
