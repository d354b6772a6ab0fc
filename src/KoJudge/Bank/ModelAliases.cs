using KoJudge.LogicKor;

namespace KoJudge.Bank;

/// <summary>
/// Which bank models are one model under two names, so that holding a model out holds out its aliases too.
/// LogicKor's bank has, e.g., <c>qwen/qwen-14b-chat</c> beside <c>Qwen/Qwen1.5-14B-Chat</c>, and
/// <c>mistralai/mistral-7b-instruct</c> beside <c>mistralai/mistral-7b-instruct-v0.3</c>: a router's name for a
/// checkpoint, judged twice. Names do not say this; the answers do. Two models are aliases when their turn-1 answers
/// to the same question under the same strategy share, on average, at least <see cref="DefaultThreshold"/> of their
/// character 5-grams (Jaccard). In LogicKor's 44 models those two pairs score 0.44 and 0.36; the next pair
/// (gpt-4-0125-preview and gpt-4-turbo-2024-04-09, distinct snapshots) 0.20, about what one model's answers under
/// two strategies share (0.19 on average), so the line falls in a wide gap. Aliases join transitively.
/// </summary>
public sealed class ModelAliases
{
    public const double DefaultThreshold = 0.3;

    private readonly Dictionary<string, int> groupOf;

    private ModelAliases(IReadOnlyList<IReadOnlyList<string>> groups)
    {
        Groups = groups;
        groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var model in groups[g])
            {
                groupOf[model] = g;
            }
        }
    }

    /// <summary>The groups, each in name order; a model without aliases is a group of one.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

    /// <summary>The group index of a model, or −1 for a model the bank does not have.</summary>
    public int GroupOf(string model) => groupOf.TryGetValue(model, out var g) ? g : -1;

    /// <summary>The model with its aliases; a model the bank does not have stands alone.</summary>
    public IReadOnlySet<string> WithAliases(string model) =>
        GroupOf(model) is var g and >= 0 ? Groups[g].ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal) { model };

    /// <summary>Every model alone.</summary>
    public static ModelAliases None(IEnumerable<string> models) =>
        new(models.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m]).ToList());

    public static ModelAliases Detect(JudgmentBank bank, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(bank);
        var models = bank.Models.Order(StringComparer.Ordinal).ToList();
        var grams = bank.Answers
            .Where(a => a.Turn == LogicKorTurn.SingleTurn)
            .GroupBy(a => a.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(a => (a.Strategy, a.QuestionId), a => FiveGrams(a.Answer)), StringComparer.Ordinal);
        var parent = Enumerable.Range(0, models.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var pairs = from i in Enumerable.Range(0, models.Count) from j in Enumerable.Range(i + 1, models.Count - i - 1) select (i, j);
        var aliasPairs = pairs.AsParallel().Where(p => MeanJaccard(grams[models[p.i]], grams[models[p.j]]) >= threshold).ToList();
        foreach (var (i, j) in aliasPairs.OrderBy(p => p.i).ThenBy(p => p.j))
        {
            parent[Find(j)] = Find(i);
        }
        var groups = Enumerable.Range(0, models.Count)
            .GroupBy(Find)
            .Select(g => (IReadOnlyList<string>)g.Select(i => models[i]).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();
        return new ModelAliases(groups);
    }

    private static double MeanJaccard(Dictionary<(string, int), long[]> first, Dictionary<(string, int), long[]> second)
    {
        double sum = 0;
        var n = 0;
        foreach (var (key, a) in first)
        {
            if (second.TryGetValue(key, out var b))
            {
                sum += Jaccard(a, b);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double Jaccard(long[] a, long[] b)
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        var union = a.Length + b.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    private static long[] FiveGrams(string answer) => CharacterNGrams.DistinctKeys(answer, 5);
}
