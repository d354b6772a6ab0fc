namespace KoJudge.Bank;

/// <summary>How the bank judge scores.</summary>
public sealed record BankJudgeOptions
{
    public BankMethod Method { get; init; } = BankMethod.Model;

    /// <summary>How many of the nearest judged answers each estimate names.</summary>
    public int NeighboursShown { get; init; } = 3;

    /// <summary>
    /// The model learns from the bank's answers of this strategy only, where the bank has any (all strategies serve as
    /// neighbours): LogicKor's leaderboard reports <c>default</c>, and comparing every answer with every other would
    /// triple the time a bank takes to load. Null to learn from all.
    /// </summary>
    public string? TrainingStrategy { get; init; } = "default";

    public BankModelOptions Model { get; init; } = new();
}
