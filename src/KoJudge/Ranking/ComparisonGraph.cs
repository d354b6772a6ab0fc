namespace KoJudge.Ranking;

/// <summary>
/// Who met whom, and who ever scored against whom. Bradley–Terry ratings compare only models that are linked by
/// battles, and the unregularised maximum exists exactly when no group of models won every battle against the rest
/// (Zermelo, 1929; Ford, 1957): every group must have lost or tied at least once to the others.
/// </summary>
internal static class ComparisonGraph
{
    /// <summary>The groups of models linked by battles, each as model indices in order, the groups by their first model.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Pieces(int models, int[] a, int[] b)
    {
        var parent = Enumerable.Range(0, models).ToArray();
        int Root(int m)
        {
            while (parent[m] != m)
            {
                m = parent[m] = parent[parent[m]];
            }
            return m;
        }
        for (var i = 0; i < a.Length; i++)
        {
            var (x, y) = (Root(a[i]), Root(b[i]));
            if (x != y)
            {
                parent[Math.Max(x, y)] = Math.Min(x, y);
            }
        }
        return Enumerable.Range(0, models).GroupBy(Root).Select(g => (IReadOnlyList<int>)g.Order().ToList()).OrderBy(g => g[0]).ToList();
    }

    /// <summary>True where, over the battles with positive weight, every model can be reached from every other by "scored against" steps.</summary>
    public static bool EveryGroupScoredAgainstTheRest(int models, int[] a, int[] b, double[] score, double[]? weights) =>
        Unbeaten(models, a, b, score, weights) is null;

    /// <summary>
    /// A group of models that won every battle against the rest, or one that lost every battle to the rest (the smaller
    /// of the two), or null where there is none and the maximum is finite. The models must be linked by battles.
    /// </summary>
    public static (IReadOnlyList<int> Group, bool Won)? Unbeaten(int models, int[] a, int[] b, double[] score, double[]? weights)
    {
        // scored[x] holds y where x won or tied against y at least once.
        var scored = Enumerable.Range(0, models).Select(_ => new HashSet<int>()).ToArray();
        var conceded = Enumerable.Range(0, models).Select(_ => new HashSet<int>()).ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            if (weights is not null && weights[i] <= 0)
            {
                continue;
            }
            if (score[i] > 0)
            {
                scored[a[i]].Add(b[i]);
                conceded[b[i]].Add(a[i]);
            }
            if (score[i] < 1)
            {
                scored[b[i]].Add(a[i]);
                conceded[a[i]].Add(b[i]);
            }
        }
        var fromFirst = Reach(0, scored);
        var toFirst = Reach(0, conceded);
        if (fromFirst.Count == models && toFirst.Count == models)
        {
            return null;
        }
        // A model that no "scored against" chain from model 0 reaches won every battle against those that one reaches
        // (one who scored against it would bring the chain to it); one with no chain back to model 0 lost every battle
        // to those that have one.
        var won = Enumerable.Range(0, models).Where(m => !fromFirst.Contains(m)).ToList();
        var lost = Enumerable.Range(0, models).Where(m => !toFirst.Contains(m)).ToList();
        if (lost.Count == 0)
        {
            return (won, true);
        }
        if (won.Count == 0)
        {
            return (lost, false);
        }
        return won.Count <= lost.Count ? (won, true) : (lost, false);
    }

    private static HashSet<int> Reach(int start, HashSet<int>[] edges)
    {
        var seen = new HashSet<int> { start };
        var queue = new Queue<int>([start]);
        while (queue.TryDequeue(out var m))
        {
            foreach (var next in edges[m])
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
        return seen;
    }
}
