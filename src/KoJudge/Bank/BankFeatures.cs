namespace KoJudge.Bank;

/// <summary>
/// The numbers the bank's model reads for one answer: how its score is spread among the judged answers it resembles
/// (similarity-weighted means under three measures and three sharpnesses, the nearest answers' scores), what the
/// question is like (its mean and spread), and the answer's own Hangul share, length and chrF against the reference.
/// </summary>
internal static class BankFeatures
{
    public const int Count = 25;

    /// <summary>The weighted mean of chrF⁸ that the simple form of the bank judge uses alone.</summary>
    public const int SimpleEstimate = 7;

    public static float LogLength(string text) => (float)Math.Log(1 + text.Length);

    /// <summary>
    /// Fills <paramref name="features"/> for an answer with the given similarities to the slot's members; members in an
    /// excluded group or without gold are not neighbours. Returns false (features untouched) where no neighbour is left.
    /// </summary>
    public static bool Compute(SlotAnswers slot, SlotSimilarities similarities, NeighbourExclusion exclusion, AnswerFacts answer, Span<float> features)
    {
        double n = 0, sum = 0, sumSquares = 0;
        WeightedMean w2 = default, w8 = default, w32 = default, cos8 = default, back8 = default, hangul8 = default, length8 = default;
        double highSimilarity = 0, lowSimilarity = 0;
        int highCount = 0, lowCount = 0;
        var topForward = new TopNeighbours(3);
        var topCosine = new TopNeighbours(5);
        float maxBackward = 0;
        for (var j = 0; j < slot.Gold.Length; j++)
        {
            var gold = slot.Gold[j];
            if (float.IsNaN(gold) || exclusion.Excludes(slot.Group[j]))
            {
                continue;
            }
            n++;
            sum += gold;
            sumSquares += gold * gold;
            double s = similarities.Forward[j];
            var s2 = s * s;
            var s8 = s2 * s2 * s2 * s2;
            var s32 = s8 * s8 * s8 * s8;
            w2.Add(s2, gold);
            w8.Add(s8, gold);
            w32.Add(s32, gold);
            hangul8.Add(s8, slot.Hangul[j]);
            length8.Add(s8, slot.LogLength[j]);
            cos8.Add(Math.Pow(similarities.Cosine[j], 8), gold);
            back8.Add(Math.Pow(similarities.Backward[j], 8), gold);
            maxBackward = Math.Max(maxBackward, similarities.Backward[j]);
            if (gold >= 8)
            {
                highSimilarity += s;
                highCount++;
            }
            else if (gold <= 3)
            {
                lowSimilarity += s;
                lowCount++;
            }
            topForward.Offer(j, similarities.Forward[j]);
            topCosine.Offer(j, similarities.Cosine[j]);
        }
        if (n == 0)
        {
            return false;
        }
        var mean = sum / n;
        var questionMean = (float)mean;
        features[0] = answer.TurnIndex;
        features[1] = answer.CategoryIndex;
        features[2] = answer.Hangul;
        features[3] = answer.LogLength;
        features[4] = answer.ReferenceChrF;
        features[5] = questionMean;
        features[6] = (float)Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean));
        features[SimpleEstimate] = w8.Mean(questionMean);
        features[8] = w2.Mean(questionMean);
        features[9] = w32.Mean(questionMean);
        features[10] = cos8.Mean(questionMean);
        features[11] = back8.Mean(questionMean);
        features[12] = slot.Gold[topForward.Index(0)];
        features[13] = topForward.Similarity(0);
        features[14] = topForward.MeanGold(slot.Gold);
        features[15] = slot.Gold[topCosine.Index(0)];
        features[16] = topCosine.Similarity(0);
        features[17] = topCosine.MeanGold(slot.Gold);
        features[18] = highCount > 0 && lowCount > 0 ? (float)(highSimilarity / highCount - lowSimilarity / lowCount) : 0;
        features[19] = answer.Hangul - hangul8.Mean(answer.Hangul);
        features[20] = answer.LogLength - length8.Mean(answer.LogLength);
        features[21] = features[SimpleEstimate] * answer.Hangul;
        features[22] = answer.FirstTurnEstimate ?? features[SimpleEstimate];
        features[23] = answer.FirstTurnHangul ?? answer.Hangul;
        features[24] = maxBackward;
        return true;
    }

    /// <summary>The nearest judged answers by chrF, for the row's feedback.</summary>
    public static IReadOnlyList<int> Nearest(SlotAnswers slot, SlotSimilarities similarities, NeighbourExclusion exclusion, int count)
    {
        var top = new TopNeighbours(count);
        for (var j = 0; j < slot.Gold.Length; j++)
        {
            if (!float.IsNaN(slot.Gold[j]) && !exclusion.Excludes(slot.Group[j]))
            {
                top.Offer(j, similarities.Forward[j]);
            }
        }
        return top.Indices();
    }

    private struct WeightedMean
    {
        private double weights;
        private double sum;

        public void Add(double weight, double value)
        {
            weights += weight;
            sum += weight * value;
        }

        // Where every weight underflows to 0 (an answer like none in the bank), the question's mean stands in.
        public readonly float Mean(float fallback) => weights > 1e-300 ? (float)(sum / weights) : fallback;
    }
}
