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

    /// <summary>
    /// The share of those conversations (model, question) the model learns from, both turns of each. Half: describing
    /// each training answer against the bank is a third of the load, and on LogicKor's bank half the rows cost 0.013 of
    /// leave-one-model-out ρ (0.724 against 0.737) and save a quarter of a second (2.0 s against 2.3 s on two cores).
    /// </summary>
    public double TrainingShare { get; init; } = 0.5;

    public BankModelOptions Model { get; init; } = new();

    /// <summary>Where fitted models are kept and looked for (null: fitted every time). Leave-one-model-out never uses it.</summary>
    public BankModelStore? Store { get; init; }
}
