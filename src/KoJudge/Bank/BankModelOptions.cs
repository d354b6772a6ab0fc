namespace KoJudge.Bank;

/// <summary>
/// The trees' settings, chosen by leave-one-model-out on LogicKor's 44 models (the README's table) and on nothing else.
/// </summary>
public sealed record BankModelOptions
{
    public int Trees { get; init; } = 100;

    public int Leaves { get; init; } = 16;

    public int MinimumExamplesPerLeaf { get; init; } = 20;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>
    /// Threads FastTree uses. One by default: a fit on a few thousand rows gains nothing from more, and one thread
    /// makes the fit the same on every machine, so leave-one-model-out equals a bank that never had the model.
    /// </summary>
    public int? Threads { get; init; } = 1;

    public int Seed { get; init; } = 1;
}
