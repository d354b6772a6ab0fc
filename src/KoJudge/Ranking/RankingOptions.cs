using KoJudge.Statistics;

namespace KoJudge.Ranking;

/// <summary>How to rank: the model held at 1000, how many bootstrap resamples and with what seed, and whether to hold answer length equal.</summary>
public sealed record RankingOptions
{
    /// <summary>The model rated 1000; null for the baseline (the one model in every battle), else the first model by name.</summary>
    public string? Anchor { get; init; }

    /// <summary>Bootstrap resamples of the battles; 0 for no intervals.</summary>
    public int Resamples { get; init; } = BootstrapInterval.DefaultResamples;

    public ulong Seed { get; init; } = BootstrapInterval.DefaultSeed;

    /// <summary>Fit the normalised length difference beside the ratings, and report the ratings at equal length.</summary>
    public bool LengthControl { get; init; }
}
