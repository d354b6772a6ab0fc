namespace KoJudge.Runs;

/// <summary>How a file run treats its input and output.</summary>
public sealed record JudgeRunOptions
{
    /// <summary>Start the output over instead of resuming it.</summary>
    public bool Overwrite { get; init; }

    public Shard Shard { get; init; } = Shard.All;
}
