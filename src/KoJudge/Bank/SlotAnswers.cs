using KoJudge.Baselines;

namespace KoJudge.Bank;

/// <summary>
/// One slot's answers, ready to compare: the n-gram index, each answer's gold (NaN where the gold judge failed), the
/// group of models it counts with when models are held out, and the facts the features read.
/// </summary>
internal sealed class SlotAnswers
{
    private readonly SlotSimilarities?[] memberSimilarities;

    public SlotAnswers(BankSlot slot, IReadOnlyList<JudgedAnswer> answers, string? reference, Func<string, int> groupOf)
    {
        Slot = slot;
        Answers = answers;
        Index = new CharacterNGramIndex(answers.Select(a => a.Answer).ToList());
        Gold = answers.Select(a => a.Gold is { } g ? (float)g : float.NaN).ToArray();
        Group = answers.Select(a => groupOf(a.Model)).ToArray();
        Hangul = answers.Select(a => (float)HangulShare.Of(a.Answer)).ToArray();
        LogLength = answers.Select(a => BankFeatures.LogLength(a.Answer)).ToArray();
        ReferenceChrF = reference is null ? Enumerable.Repeat(-1f, answers.Count).ToArray() : Index.ChrFAgainst(reference);
        Reference = reference;
        memberSimilarities = new SlotSimilarities?[answers.Count];
    }

    public BankSlot Slot { get; }

    public IReadOnlyList<JudgedAnswer> Answers { get; }

    public CharacterNGramIndex Index { get; }

    public float[] Gold { get; }

    public int[] Group { get; }

    public float[] Hangul { get; }

    public float[] LogLength { get; }

    /// <summary>The turn's reference, or null where the question has none.</summary>
    public string? Reference { get; }

    /// <summary>Each member's chrF against the reference on 0–1, or −1 where there is none.</summary>
    public float[] ReferenceChrF { get; }

    /// <summary>A new answer's chrF against the reference on 0–1, computed as for the members; −1 where there is none.</summary>
    public float ReferenceChrFOf(string answer) =>
        Reference is null ? -1 : (float)(CharacterNGrams.ChrF(CharacterNGrams.Of(answer), CharacterNGrams.Of(Reference)) / 100);

    /// <summary>A member against every member, computed once and kept: leave-one-model-out reads it once per held-out model.</summary>
    public SlotSimilarities SimilaritiesOf(int member) => memberSimilarities[member] ??= Index.CompareMember(member);
}
