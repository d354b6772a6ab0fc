namespace KoJudge.Bank;

/// <summary>Up to two groups of models whose answers may not serve as neighbours: the answer's own, and the one held out.</summary>
internal readonly record struct NeighbourExclusion(int First, int Second)
{
    public static NeighbourExclusion None { get; } = new(-1, -1);

    public bool Excludes(int group) => group == First || group == Second;
}
