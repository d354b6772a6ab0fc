namespace KoJudge.Runs;

/// <summary>How a file run treats its input and output.</summary>
public sealed record JudgeRunOptions
{
    /// <summary>Start the output over instead of resuming it.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Judge again the items whose rows in the output have no score (say, after the server was down).</summary>
    public bool RetryFailed { get; init; }

    public Shard Shard { get; init; } = Shard.All;
}
