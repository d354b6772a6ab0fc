using System.Globalization;
using KoJudge.LogicKor;
using KoJudge.Pairwise;
using KoJudge.Prompts;
using KoJudge.Statistics;
using KoJudge.Verdicts;
using Answer = (string Model, string Strategy, KoJudge.LogicKor.LogicKorRecord Record, double Score);

namespace KoJudge.Meta;

/// <summary>
/// Gold pairs from LogicKor's GPT-4 judgments: two models' turn-1 answers to one question, under one strategy, whose
/// scores differ by at least <see cref="MinimumDifference"/> points on 0-10, the higher-scored answer the winner.
/// A difference of 1 is within GPT-4's own noise; 2 or more is a preference worth holding a judge to.
/// </summary>
/// <remarks>
/// <para>Per question, every such pair of models is a candidate (models in name order, identical answers and LogicKor's
/// own judge failures left out); the candidates are shuffled by SplitMix64 seeded with <see cref="Seed"/> and the
/// question id, and the first <c>perQuestion</c> taken, each put A or B by a coin of the same generator (so the gold
/// winner is not always A). The same folder and settings always give the same pairs, so <c>meta</c> rebuilds the set
/// that was judged and joins the verdicts by id.</para>
/// <para>Turn 2 is left out: each model's turn-2 answer follows its own turn-1 answer, so two of them do not answer
/// one conversation.</para>
/// </remarks>
public static class LogicKorGoldPairs
{
    public const double MinimumDifference = 2;
    public const int DefaultPerQuestion = 5;
    public const ulong Seed = 20240708;

    public static IReadOnlyList<GoldPair> Sample(IEnumerable<LogicKorResultSet> sets, int perQuestion = DefaultPerQuestion)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perQuestion);
        var answers = new List<Answer>();
        foreach (var set in sets)
        {
            foreach (var record in set.Records)
            {
                if (record.SingleTurn is { Score: { } score } judgment && judgment.Message != MetaPairBuilder.LogicKorJudgeFailure
                    && record.Outputs is [var _, ..])
                {
                    answers.Add((set.Model, set.Strategy, record, score));
                }
            }
        }
        var pairs = new List<GoldPair>();
        foreach (var question in answers.GroupBy(a => (a.Strategy, a.Record.Id)).OrderBy(g => g.Key.Strategy, StringComparer.Ordinal).ThenBy(g => g.Key.Id))
        {
            var byModel = question.OrderBy(a => a.Model, StringComparer.Ordinal).ToList();
            var candidates = new List<(int First, int Second)>();
            for (var i = 0; i < byModel.Count; i++)
            {
                for (var j = i + 1; j < byModel.Count; j++)
                {
                    if (Math.Abs(byModel[i].Score - byModel[j].Score) >= MinimumDifference && byModel[i].Record.Outputs![0] != byModel[j].Record.Outputs![0])
                    {
                        candidates.Add((i, j));
                    }
                }
            }
            var random = new SplitMix64(SplitMix64.Derive(Seed, $"{question.Key.Strategy}/q{question.Key.Id.ToString(CultureInfo.InvariantCulture)}"));
            var take = Math.Min(perQuestion, candidates.Count);
            for (var k = 0; k < take; k++)
            {
                // A partial Fisher-Yates shuffle: the first k places are a uniform sample without replacement.
                var pick = k + (int)(random.Next() % (ulong)(candidates.Count - k));
                (candidates[k], candidates[pick]) = (candidates[pick], candidates[k]);
                var (first, second) = (random.Next() & 1) == 0 ? candidates[k] : (candidates[k].Second, candidates[k].First);
                pairs.Add(Pair(byModel[first], byModel[second]));
            }
        }
        return pairs;
    }

    private static GoldPair Pair(Answer a, Answer b)
    {
        var record = a.Record;
        var id = $"logickor-{a.Strategy}-q{record.Id.ToString(CultureInfo.InvariantCulture)}-t1: {a.Model} vs {b.Model}";
        var item = new PairwiseItem(
            id,
            record.Questions[0],
            a.Record.Outputs![0],
            b.Record.Outputs![0],
            record.ReferenceOf(0),
            RubricCatalog.Find(record.Category)?.Rubric,
            record.Category,
            a.Model,
            b.Model);
        return new GoldPair(item, a.Score > b.Score ? PairwiseWinner.A : PairwiseWinner.B);
    }
}
