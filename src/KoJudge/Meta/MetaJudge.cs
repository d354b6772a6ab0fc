namespace KoJudge.Meta;

/// <summary>One judge to compare with the gold: its name, what kind of judge it is, its scale and its pairs with the gold.</summary>
/// <param name="Kind"><c>judged</c> (a judged file or folder), <c>baseline</c> (a no-model judge), <c>bank</c> or <c>floor</c>.</param>
/// <param name="Source">Where its scores came from: the path read, or how they were computed.</param>
/// <param name="Judge">The judge as the judged rows name it (<c>logickor</c>, <c>prometheus</c>), where they do.</param>
/// <param name="Excluded">The gold answers left out of its pairs, by reason.</param>
public sealed record MetaJudge(
    string Name, string Kind, string Source, JudgeScale Scale, IReadOnlyList<MetaPair> Pairs, IReadOnlyDictionary<string, int> Excluded, string? Judge = null)
{
    public const string FloorKind = "floor";
}
