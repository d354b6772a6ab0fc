using System.Text.Json.Serialization;

namespace KoJudge.Meta;

/// <summary>
/// Several judges against one gold, side by side: each judge's agreement, the paired differences in ρ between every
/// two of them (the floor among them), and the answers on which a judge and the gold disagree most.
/// </summary>
public sealed record MetaComparison(
    [property: JsonPropertyName("run")] MetaRunInfo Run,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("judges")] IReadOnlyList<JudgeReport> Judges,
    [property: JsonPropertyName("differences")] IReadOnlyList<RhoDifference> Differences,
    [property: JsonPropertyName("disagreements")] IReadOnlyList<Disagreement> Disagreements,
    [property: JsonPropertyName("bootstrap")] int Resamples,
    [property: JsonPropertyName("seed")] ulong Seed)
{
    public const string Overall = "overall";

    /// <summary>The difference of <paramref name="a"/> against <paramref name="b"/> in a category, either way round.</summary>
    public RhoDifference? DifferenceOf(string a, string b, string category) =>
        Differences.FirstOrDefault(d => d.Category == category && d.A == a && d.B == b)
        ?? (Differences.FirstOrDefault(d => d.Category == category && d.A == b && d.B == a) is { } reverse
            ? reverse with { A = a, B = b, Difference = -reverse.Difference, Low = -reverse.High, High = -reverse.Low }
            : null);
}
