namespace KoJudge.Training.Lora;

/// <summary>
/// A LoRA adapter's shape as PEFT's <c>LoraConfig</c> names it: rank <c>r</c>, <c>lora_alpha</c>, <c>lora_dropout</c>
/// and <c>target_modules</c>, the projection names it wraps in every layer. The update is scaled by alpha / r.
/// </summary>
public sealed record LoraSettings
{
    /// <summary>Every projection of a Llama layer, the issue's default targets.</summary>
    public static IReadOnlyList<string> AllProjections { get; } = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    public LoraSettings(int rank, double alpha, double dropout, IReadOnlyList<string> targets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        if (dropout is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout is a probability in [0, 1).");
        }
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0 || targets.Any(t => !AllProjections.Contains(t)))
        {
            throw new ArgumentException($"Targets must be some of {string.Join(", ", AllProjections)}, not [{string.Join(", ", targets)}].", nameof(targets));
        }
        (Rank, Alpha, Dropout, Targets) = (rank, alpha, dropout, [.. targets.Distinct()]);
    }

    public int Rank { get; }

    public double Alpha { get; }

    public double Dropout { get; }

    public IReadOnlyList<string> Targets { get; }

    /// <summary>PEFT's scaling of the low-rank update (without rsLoRA): alpha / r.</summary>
    public double Scaling => Alpha / Rank;
}
