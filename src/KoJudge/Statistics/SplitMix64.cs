namespace KoJudge.Statistics;

/// <summary>
/// SplitMix64, a tiny deterministic generator. Written out rather than using <see cref="Random"/> so the generated
/// values stay the same on every .NET version and platform: generated model weights and bootstrap intervals are pinned by tests.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float in [-1, 1).</summary>
    public float NextSigned() => (float)((Next() >> 40) * (1.0 / (1UL << 24)) * 2.0 - 1.0);

    /// <summary>A stable seed for a named stream, so each tensor's values do not depend on the order tensors are made.</summary>
    public static ulong Derive(ulong seed, string name)
    {
        var hash = 14695981039346656037UL; // FNV-1a
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return seed ^ hash;
    }
}
