using KoJudge.Prompts;

namespace KoJudge.LogicKor;

/// <summary>LogicKor's six categories, in its order, which is also the seed's rubric order.</summary>
public static class LogicKorCategories
{
    public static IReadOnlyList<string> All { get; } = RubricCatalog.BuiltIn.Select(r => r.Category).ToArray();

    /// <summary>Orders category names as LogicKor lists them, unknown ones last in name order.</summary>
    public static IEnumerable<string> InOrder(IEnumerable<string> categories) =>
        categories.Distinct().OrderBy(c => All.IndexOf(c) is var i && i >= 0 ? i : int.MaxValue).ThenBy(c => c, StringComparer.Ordinal);

    private static int IndexOf(this IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }
        return -1;
    }
}
