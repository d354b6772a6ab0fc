namespace KoJudge.Statistics;

/// <summary>Ranks with ties averaged, as scipy's <c>rankdata(method="average")</c> gives them (1-based).</summary>
public static class Ranks
{
    public static double[] Average(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var keys = values.ToArray();
        var order = Enumerable.Range(0, keys.Length).ToArray();
        // The bootstrap ranks thousands of resamples: sort arrays in place rather than through LINQ.
        Array.Sort(keys, order);
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && keys[end + 1] == keys[start])
            {
                end++;
            }
            // Positions start..end (0-based) hold equal values: each gets the mean of ranks start+1..end+1.
            var rank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }
}
