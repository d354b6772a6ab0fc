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

    /// <summary>
    /// The fewest judged answers the model learns from (each with its neighbours); LogicKor's bank gives it about
    /// 1,900 (half its default conversations, both turns).
    /// </summary>
    public const int MinimumTrainingAnswers = 200;

    public JudgmentBank Bank => index.Bank;

    /// <summary>Its model was read from <see cref="BankJudgeOptions.Store"/>, fitted before on the same bank with the same settings.</summary>
    public bool FromStore { get; private init; }

    /// <summary>How it scores: with the fitted model, or by the simple form where the bank has too few answers to learn from.</summary>
    public BankMethod Method => model is not null ? BankMethod.Model : BankMethod.Simple;

    /// <summary>Indexes the bank and, for <see cref="BankMethod.Model"/>, fits the model on it.</summary>
    public static BankJudge Create(JudgmentBank bank, BankJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        return Create(new BankIndex(bank, ModelAliases.None(bank.Models)), heldOut: -1, options ?? new BankJudgeOptions());
    }

    internal static BankJudge Create(BankIndex index, int heldOut, BankJudgeOptions options)
    {
        BankModel? model = null;
        var fromStore = false;
        if (options.Method == BankMethod.Model)
        {
            // Only a whole bank is stored: leave-one-model-out fits one model per held-out model, each used once.
            var store = heldOut < 0 ? options.Store : null;
            var key = store is null ? null : BankModelStore.KeyOf(index.Bank, options);
            model = key is null ? null : store!.TryLoad(key);
            if (model is not null)
            {
                fromStore = true;
            }
            else if ((model = Fit(index, heldOut, options)) is not null && key is not null)
            {
                store!.TrySave(key, model);
            }
        }
        return new BankJudge(index, model, heldOut, options) { FromStore = fromStore };
    }

    private static BankModel? Fit(BankIndex index, int heldOut, BankJudgeOptions options)
    {
        var strategy = options.TrainingStrategy is { } chosen && index.Bank.Answers.Any(a => a.Strategy == chosen) ? chosen : null;
        var features = index.MemberFeatures(heldOut, a => index.Aliases.GroupOf(a.Model) != heldOut && (strategy is null || a.Strategy == strategy) && TrainingSample(a, options.TrainingShare));
        var rows = features.Where(f => f.Key.Gold is not null).OrderBy(f => f.Key.QuestionId).ThenBy(f => f.Key.Turn).ThenBy(f => f.Key.Model, StringComparer.Ordinal).ThenBy(f => f.Key.Strategy, StringComparer.Ordinal)
            .Select(f => (f.Value, (float)f.Key.Gold!.Value)).ToList();
        // Trees fitted on a handful of answers learn their noise; below this the simple form scores alone.
        return rows.Count >= MinimumTrainingAnswers ? BankModel.Fit(rows, options.Model) : null;
    }

    /// <summary>Estimates the score of an answer to a question turn; turn 2 reads the conversation's turn-1 answer too.</summary>
    public BankEstimate Estimate(int questionId, LogicKorTurn turn, string answer, string? firstTurnAnswer = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var slot = index.SlotOf(new BankSlot(questionId, turn));
        if (slot is null || !index.Bank.Questions.ContainsKey(questionId))
        {
            return BankEstimate.Unjudgeable($"the bank has no judged answers to question {questionId}, turn {(turn == LogicKorTurn.SingleTurn ? 1 : 2)}");
        }
        var similarities = slot.Index.Compare(answer);
        if (FeaturesOf(slot, similarities, answer, firstTurnAnswer) is not { } features)
        {
            return BankEstimate.Unjudgeable($"the bank has no judged answers to question {questionId}, turn {(turn == LogicKorTurn.SingleTurn ? 1 : 2)}, outside the models held out");
        }
        var scale = index.Bank.Scale;
        var neighbours = Neighbours(slot, similarities, Exclusion).Select(n => n with { Score = scale.ToGold(n.Score) }).ToList();
        return new BankEstimate(scale.ToGold(Score([features])[0]), neighbours);
    }

    /// <summary>An answer's features against a slot, as a member's would be computed; null where no neighbour is left.</summary>
    internal float[]? FeaturesOf(SlotAnswers slot, SlotSimilarities similarities, string answer, string? firstTurnAnswer)
    {
        var question = index.Bank.Questions[slot.Slot.QuestionId];
        float? firstEstimate = null, firstHangul = null;
        if (slot.Slot.Turn == LogicKorTurn.MultiTurn && firstTurnAnswer is not null
            && index.SlotOf(slot.Slot with { Turn = LogicKorTurn.SingleTurn }) is { } firstSlot)
        {
            var firstFeatures = new float[BankFeatures.Count];
            var firstFacts = FactsOf(firstSlot, question, firstTurnAnswer, null, null);
            if (BankFeatures.Compute(firstSlot, firstSlot.Index.Compare(firstTurnAnswer), Exclusion, firstFacts, firstFeatures))
            {
                (firstEstimate, firstHangul) = (firstFeatures[BankFeatures.SimpleEstimate], firstFacts.Hangul);
            }
        }
        var features = new float[BankFeatures.Count];
        return BankFeatures.Compute(slot, similarities, Exclusion, FactsOf(slot, question, answer, firstEstimate, firstHangul), features) ? features : null;
    }

    internal BankIndex Index => index;

    /// <summary>
    /// Whether a conversation is one the model learns from: a share of (model, question) pairs picked by a hash of the
    /// model's name, not its place in the bank, so a bank without some model picks the same pairs of the others.
    /// </summary>
    private static bool TrainingSample(JudgedAnswer answer, double share)
    {
        if (share >= 1)
        {
            return true;
        }
        var hash = 2166136261u;
        foreach (var c in answer.Model)
        {
            hash = (hash ^ c) * 16777619u;
        }
        hash = (hash ^ (uint)answer.QuestionId) * 16777619u;
        return (hash % 1000) < share * 1000;
    }

    /// <summary>Scores of prepared feature rows, as leave-one-model-out needs them.</summary>
    internal double[] Score(IReadOnlyList<float[]> features) =>
        model is not null ? model.Predict(features) : features.Select(f => (double)f[BankFeatures.SimpleEstimate] * f[2]).ToArray();

    internal IReadOnlyList<BankNeighbour> Neighbours(SlotAnswers slot, SlotSimilarities similarities, NeighbourExclusion exclusion) =>
        BankFeatures.Nearest(slot, similarities, exclusion, options.NeighboursShown)
            .Select(j => new BankNeighbour(slot.Answers[j].Model, slot.Answers[j].Strategy, slot.Gold[j], Math.Round(similarities.Forward[j], 4)))
            .ToList();

    private NeighbourExclusion Exclusion => new(heldOut, heldOut);

    private static AnswerFacts FactsOf(SlotAnswers slot, BankQuestion question, string answer, float? firstEstimate, float? firstHangul) =>
        new(
            (int)slot.Slot.Turn,
            BankIndex.CategoryIndex(question.Category),
            (float)HangulShare.Of(answer),
            BankFeatures.LogLength(answer),
            slot.ReferenceChrFOf(answer),
            firstEstimate,
            firstHangul);
}
