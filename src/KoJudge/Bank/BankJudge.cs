using KoJudge.Baselines;
using KoJudge.LogicKor;

namespace KoJudge.Bank;

/// <summary>
/// A judge that needs no engine: it estimates the gold judge's score for an answer from the judged answers to the same
/// question and turn that it resembles. Everything it learns, it learns from the bank.
/// </summary>
public sealed class BankJudge
{
    private readonly BankIndex index;
    private readonly BankModel? model;
    private readonly int heldOut;
    private readonly BankJudgeOptions options;

    private BankJudge(BankIndex index, BankModel? model, int heldOut, BankJudgeOptions options)
    {
        this.index = index;
        this.model = model;
        this.heldOut = heldOut;
        this.options = options;
    }

    public JudgmentBank Bank => index.Bank;

    /// <summary>Indexes the bank and, for <see cref="BankMethod.Model"/>, fits the model on it.</summary>
    public static BankJudge Create(JudgmentBank bank, BankJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        return Create(new BankIndex(bank, ModelAliases.None(bank.Models)), heldOut: -1, options ?? new BankJudgeOptions());
    }

    internal static BankJudge Create(BankIndex index, int heldOut, BankJudgeOptions options)
    {
        BankModel? model = null;
        if (options.Method == BankMethod.Model)
        {
            var strategy = options.TrainingStrategy is { } chosen && index.Bank.Answers.Any(a => a.Strategy == chosen) ? chosen : null;
            var features = index.MemberFeatures(heldOut, a => index.Aliases.GroupOf(a.Model) != heldOut && (strategy is null || a.Strategy == strategy));
            var rows = features.Where(f => f.Key.Gold is not null).OrderBy(f => f.Key.QuestionId).ThenBy(f => f.Key.Turn).ThenBy(f => f.Key.Model, StringComparer.Ordinal).ThenBy(f => f.Key.Strategy, StringComparer.Ordinal)
                .Select(f => (f.Value, (float)f.Key.Gold!.Value)).ToList();
            model = BankModel.Fit(rows, options.Model);
        }
        return new BankJudge(index, model, heldOut, options);
    }

    /// <summary>Estimates the score of an answer to a question turn; turn 2 reads the conversation's turn-1 answer too.</summary>
    public BankEstimate Estimate(int questionId, LogicKorTurn turn, string answer, string? firstTurnAnswer = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var slot = index.SlotOf(new BankSlot(questionId, turn));
        if (slot is null || !index.Bank.Questions.TryGetValue(questionId, out var question))
        {
            return BankEstimate.Unjudgeable($"the bank has no judged answers to question {questionId}, turn {(turn == LogicKorTurn.SingleTurn ? 1 : 2)}");
        }
        var exclusion = new NeighbourExclusion(heldOut, heldOut);
        float? firstEstimate = null, firstHangul = null;
        if (turn == LogicKorTurn.MultiTurn && firstTurnAnswer is not null && index.SlotOf(new BankSlot(questionId, LogicKorTurn.SingleTurn)) is { } firstSlot)
        {
            var firstFeatures = new float[BankFeatures.Count];
            var firstFacts = FactsOf(firstSlot, question, LogicKorTurn.SingleTurn, firstTurnAnswer, null, null);
            if (BankFeatures.Compute(firstSlot, firstSlot.Index.Compare(firstTurnAnswer), exclusion, firstFacts, firstFeatures))
            {
                (firstEstimate, firstHangul) = (firstFeatures[BankFeatures.SimpleEstimate], firstFacts.Hangul);
            }
        }
        var similarities = slot.Index.Compare(answer);
        var features = new float[BankFeatures.Count];
        if (!BankFeatures.Compute(slot, similarities, exclusion, FactsOf(slot, question, turn, answer, firstEstimate, firstHangul), features))
        {
            return BankEstimate.Unjudgeable($"the bank has no judged answers to question {questionId}, turn {(turn == LogicKorTurn.SingleTurn ? 1 : 2)}, outside the models held out");
        }
        return new BankEstimate(Score(features), Neighbours(slot, similarities, exclusion));
    }

    /// <summary>Scores of prepared feature rows, as leave-one-model-out needs them.</summary>
    internal double[] Score(IReadOnlyList<float[]> features) =>
        model is not null ? model.Predict(features) : features.Select(f => (double)f[BankFeatures.SimpleEstimate] * f[2]).ToArray();

    internal IReadOnlyList<BankNeighbour> Neighbours(SlotAnswers slot, SlotSimilarities similarities, NeighbourExclusion exclusion) =>
        BankFeatures.Nearest(slot, similarities, exclusion, options.NeighboursShown)
            .Select(j => new BankNeighbour(slot.Answers[j].Model, slot.Answers[j].Strategy, slot.Gold[j], Math.Round(similarities.Forward[j], 4)))
            .ToList();

    private double Score(float[] features) => Score([features])[0];

    private static AnswerFacts FactsOf(SlotAnswers slot, BankQuestion question, LogicKorTurn turn, string answer, float? firstEstimate, float? firstHangul) =>
        new(
            (int)turn,
            BankIndex.CategoryIndex(question.Category),
            (float)HangulShare.Of(answer),
            BankFeatures.LogLength(answer),
            slot.ReferenceChrFOf(answer),
            firstEstimate,
            firstHangul);
}
