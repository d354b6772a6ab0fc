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
    /// Threads LightGBM uses. One by default: a fit on a few thousand rows gains nothing from more, and with one thread
    /// (and LightGBM's deterministic mode) the fit is the same on every run, so leave-one-model-out equals a bank that
    /// never had the model, to the last bit.
    /// </summary>
    public int? Threads { get; init; } = 1;

    public int Seed { get; init; } = 1;
}
