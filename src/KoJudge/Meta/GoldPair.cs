using KoJudge.Pairwise;
using KoJudge.Verdicts;

namespace KoJudge.Meta;

/// <summary>
/// A pair to compare whose better answer is known: <see cref="Winner"/> (A or B, never a tie) names the side of
/// <see cref="Item"/> a good judge prefers. The item's category is the group the pair is reported in.
/// </summary>
public sealed record GoldPair(PairwiseItem Item, PairwiseWinner Winner);
