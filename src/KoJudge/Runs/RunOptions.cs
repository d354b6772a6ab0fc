namespace KoJudge.Runs;

/// <summary>How a resumable run treats its outputs and how many inputs it keeps in flight.</summary>
public sealed record RunOptions
{
    /// <summary>Start the outputs over instead of resuming them.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Take the failed rows of this run's inputs out of the outputs and run those inputs again.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>Run only the inputs whose ids fall in this slice.</summary>
    public Shard Shard { get; init; } = Shard.All;

    public int Concurrency
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be at least 1");
    } = 1;

    /// <summary>How long inputs in flight may still finish after cancellation; short, so Ctrl+C stays prompt.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMilliseconds(250);
}
