using KoJudge.Ranking;

namespace KoJudge.TestSupport;

/// <summary>
/// Pairwise battles drawn from known Bradley–Terry strengths (Elo points), so a ranking can be checked against the
/// truth: each pair meets <c>perPair</c> times with either model first, a tie comes with a fixed chance, and otherwise
/// A wins with probability 1 / (1 + 10^((Rb − Ra) / 400)). With <c>lengthBias</c> the judge also favours the longer
/// answer by that many Elo points per unit of (a − b) / (a + b), and each model writes answers around a typical length of its own
/// (from 0.4 to 1.6 times it, so that length varies within a pair, where its weight is told apart from the models').
/// </summary>
internal static class SyntheticBattles
{
    public static List<Battle> Draw(
        IReadOnlyList<(string Model, double Elo, int Length)> models, int perPair, int seed, double tieChance = 0.1, double lengthBias = 0, double flipChance = 0)
    {
        var random = new Random(seed);
        var battles = new List<Battle>();
        for (var i = 0; i < models.Count; i++)
        {
            for (var j = i + 1; j < models.Count; j++)
            {
                for (var k = 0; k < perPair; k++)
                {
                    var (x, y) = k % 2 == 0 ? (models[i], models[j]) : (models[j], models[i]);
                    var lengthA = Math.Max(1, (int)(x.Length * (0.4 + 1.2 * random.NextDouble())));
                    var lengthB = Math.Max(1, (int)(y.Length * (0.4 + 1.2 * random.NextDouble())));
                    var difference = (double)(lengthA - lengthB) / (lengthA + lengthB);
                    var p = 1 / (1 + Math.Pow(10, (y.Elo - x.Elo - lengthBias * difference) / 400));
                    var flipped = random.NextDouble() < flipChance;
                    var score = flipped || random.NextDouble() < tieChance ? 0.5 : random.NextDouble() < p ? 1.0 : 0.0;
                    battles.Add(new Battle(x.Model, y.Model, score, flipped, lengthA, lengthB));
                }
            }
        }
        return battles;
    }
}
