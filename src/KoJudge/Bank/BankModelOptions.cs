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

    /// <summary>Threads FastTree uses; null lets it choose.</summary>
    public int? Threads { get; init; }

    public int Seed { get; init; } = 1;
}
