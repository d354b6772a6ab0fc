using System.Globalization;
using System.Text.Json.Serialization;
using KoJudge.LogicKor;

namespace KoJudge.Meta;

/// <summary>
/// The range a judge scores in, so its scores can be put beside the gold's (normalised to 0–1) and so agreement is
/// only counted where both sides give whole points on one scale.
/// </summary>
/// <param name="WholePoints">Whether every score is a whole point of the range (a rubric judge), not a continuous estimate.</param>
public sealed record JudgeScale(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High,
    [property: JsonPropertyName("whole_points")] bool WholePoints)
{
    /// <summary>LogicKor's GPT-4 gold: whole points from 0 to 10.</summary>
    public static JudgeScale Gold { get; } = new("GPT-4 0–10", 0, 10, WholePoints: true);

    /// <summary>The bank judge's estimates: on the gold's range, but continuous.</summary>
    public static JudgeScale Bank { get; } = new("bank 0–10", 0, 10, WholePoints: false);

    /// <summary>A judged file's scale, as its rows name their judge (<see cref="LogicKorScale"/>).</summary>
    public static JudgeScale Of(LogicKorScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return new(scale.Label, scale.Low, scale.High, WholePoints: true);
    }

    /// <summary>A no-model baseline's range: the Hangul share is a fraction, chrF and its product with the share a percentage.</summary>
    public static JudgeScale OfBaseline(string name) => name == "hangul"
        ? new($"{name} 0–1", 0, 1, WholePoints: false)
        : new($"{name} 0–100", 0, 100, WholePoints: false);

    /// <summary>Whether this scale is the gold's own (whole points 0–10).</summary>
    [JsonIgnore]
    public bool IsGolds => WholePoints && Low == Gold.Low && High == Gold.High;

    /// <summary>Whether this is the 1–5 rubric scale, on which the gold is counted by <see cref="GoldScale.ToFivePoint"/>.</summary>
    [JsonIgnore]
    public bool IsFivePoint => WholePoints && Low == 1 && High == 5;

    /// <summary>A score as a fraction of the range, 0 at the bottom and 1 at the top.</summary>
    public double Normalise(double score) => High > Low ? Math.Clamp((score - Low) / (High - Low), 0, 1) : 0;

    /// <summary>Why exact and within-1 agreement cannot be counted on this scale, or null where they can.</summary>
    [JsonIgnore]
    public string? WhyNoAgreement => IsGolds || IsFivePoint
        ? null
        : WholePoints
            ? $"{Label} is neither the gold's 0–10 nor the 1–5 rubric scale"
            : $"{Label} scores are continuous, not points of the gold's scale";

    public override string ToString() => Label.ToString(CultureInfo.InvariantCulture);
}
