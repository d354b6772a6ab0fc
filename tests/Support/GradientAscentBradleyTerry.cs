using KoJudge.Ranking;

namespace KoJudge.TestSupport;

/// <summary>
/// An independent maximum-likelihood Bradley–Terry fit for tests to check KoJudge's against: plain gradient ascent on
/// the log-likelihood, battle by battle (no pairs summed, no Newton step), every model's strength free and the
/// anchor's subtracted at the end, in base-10 Elo units from the start. Slow and simple on purpose.
/// </summary>
internal static class GradientAscentBradleyTerry
{
    /// <returns>Per model the Elo rating with the anchor at 1000, and the length weight in Elo points per unit of (a − b) / (a + b) (0 without lengths).</returns>
    public static (Dictionary<string, double> Ratings, double LengthWeight) Fit(IReadOnlyList<Battle> battles, string anchor, bool withLength = false)
    {
        var names = battles.SelectMany(x => new[] { x.ModelA, x.ModelB }).Distinct().ToList();
        var elo = names.ToDictionary(n => n, _ => 0.0);
        var weight = 0.0;
        var scale = Math.Log(10) / 400;
        // The log-likelihood's curvature per battle is at most scale^2 / 4 in each of its three directions, so this
        // rate never overshoots.
        var rate = 1.0 / (scale * scale * 0.25 * battles.Count * 3);
        for (var step = 0; step < 200_000; step++)
        {
            var gradient = names.ToDictionary(n => n, _ => 0.0);
            var weightGradient = 0.0;
            foreach (var x in battles)
            {
                var z = withLength ? (double)(x.LengthA!.Value - x.LengthB!.Value) / (x.LengthA.Value + x.LengthB.Value) : 0;
                var p = 1 / (1 + Math.Pow(10, (elo[x.ModelB] - elo[x.ModelA] - weight * z) / 400));
                var residual = (x.ScoreA - p) * scale;
                gradient[x.ModelA] += residual;
                gradient[x.ModelB] -= residual;
                weightGradient += residual * z;
            }
            foreach (var n in names)
            {
                elo[n] += rate * gradient[n];
            }
            weight += withLength ? rate * weightGradient : 0;
            if (gradient.Values.Append(weightGradient).Max(Math.Abs) < 1e-9)
            {
                break;
            }
        }
        var shift = 1000 - elo[anchor];
        return (names.ToDictionary(n => n, n => elo[n] + shift), weight);
    }
}
