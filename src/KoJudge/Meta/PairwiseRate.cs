using System.Text.Json.Serialization;
using KoJudge.Statistics;

namespace KoJudge.Meta;

/// <summary>A share, <see cref="Count"/> of <see cref="Of"/>, with its 95% Wilson interval; rate and interval are null over nothing.</summary>
public sealed record PairwiseRate(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("of")] int Of,
    [property: JsonPropertyName("rate")] double? Rate,
    [property: JsonPropertyName("ci_low")] double? CiLow,
    [property: JsonPropertyName("ci_high")] double? CiHigh)
{
    public static PairwiseRate Share(int count, int of)
    {
        var interval = WilsonInterval.Compute(count, of);
        return new PairwiseRate(count, of, of == 0 ? null : (double)count / of, interval?.Low, interval?.High);
    }
}
