using KoJudge.LogicKor;

namespace KoJudge.Bank;

/// <summary>
/// The bank made ready to compare: each slot's answers indexed, each model in its alias group, and each turn-2 answer
/// linked to its turn-1 sibling. Features for any member under any exclusion come from similarities computed once.
/// </summary>
internal sealed class BankIndex
{
    private readonly Dictionary<BankSlot, SlotAnswers> slots;

    public BankIndex(JudgmentBank bank, ModelAliases aliases)
    {
        Bank = bank;
        Aliases = aliases;
        // Slots on both cores: on an idle machine this takes the bank's load from 2.6 s to 2.3 s; under other load
        // (three other users' builds) it was slower than one core, since building an index is bound by memory.
        var built = bank.Slots.AsParallel()
            .Select(slot => new SlotAnswers(slot, bank.AnswersTo(slot), ReferenceOf(bank, slot), aliases.GroupOf))
            .ToList();
        slots = built.ToDictionary(s => s.Slot);
    }

    public JudgmentBank Bank { get; }

    public ModelAliases Aliases { get; }

    public IEnumerable<SlotAnswers> Slots => slots.Values.OrderBy(s => s.Slot.QuestionId).ThenBy(s => s.Slot.Turn);

    public SlotAnswers? SlotOf(BankSlot slot) => slots.GetValueOrDefault(slot);

    public static int CategoryIndex(string category) => LogicKorCategories.All.ToList().IndexOf(category);

    /// <summary>
    /// Features of the members of the chosen conversations (both turns), each judged against the others outside its
    /// own group and <paramref name="heldOut"/>: what the model learns from and what leave-one-model-out predicts
    /// from. Turn 1 goes first, so each turn-2 member reads its sibling's estimate under the same exclusion. A member
    /// without a neighbour is left out.
    /// </summary>
    /// <param name="conversation">Which answers to compute, by their model and strategy (the turn and gold are not read).</param>
    public Dictionary<JudgedAnswer, float[]> MemberFeatures(int heldOut, Func<JudgedAnswer, bool> conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var firstTurn = new System.Collections.Concurrent.ConcurrentDictionary<(string, string, int), (float Estimate, float Hangul)>();
        var result = new System.Collections.Concurrent.ConcurrentDictionary<JudgedAnswer, float[]>();
        foreach (var turn in new[] { LogicKorTurn.SingleTurn, LogicKorTurn.MultiTurn })
        {
            Parallel.ForEach(Slots.Where(s => s.Slot.Turn == turn), slot =>
            {
                for (var i = 0; i < slot.Answers.Count; i++)
                {
                    var answer = slot.Answers[i];
                    if (!conversation(answer))
                    {
                        continue;
                    }
                    float? siblingEstimate = null, siblingHangul = null;
                    if (turn == LogicKorTurn.MultiTurn && firstTurn.TryGetValue((answer.Model, answer.Strategy, answer.QuestionId), out var sibling))
                    {
                        (siblingEstimate, siblingHangul) = (sibling.Estimate, sibling.Hangul);
                    }
                    var facts = new AnswerFacts(
                        (int)turn, CategoryIndex(answer.Category), slot.Hangul[i], slot.LogLength[i], slot.ReferenceChrF[i], siblingEstimate, siblingHangul);
                    var features = new float[BankFeatures.Count];
                    if (!BankFeatures.Compute(slot, slot.SimilaritiesOf(i), new NeighbourExclusion(slot.Group[i], heldOut), facts, features))
                    {
                        continue;
                    }
                    if (turn == LogicKorTurn.SingleTurn)
                    {
                        firstTurn[(answer.Model, answer.Strategy, answer.QuestionId)] = (features[BankFeatures.SimpleEstimate], slot.Hangul[i]);
                    }
                    result[answer] = features;
                }
            });
        }
        return new Dictionary<JudgedAnswer, float[]>(result);
    }

    private static string? ReferenceOf(JudgmentBank bank, BankSlot slot) =>
        bank.Questions.TryGetValue(slot.QuestionId, out var question) ? question.ReferenceOf(slot.Turn == LogicKorTurn.SingleTurn ? 0 : 1) : null;
}
