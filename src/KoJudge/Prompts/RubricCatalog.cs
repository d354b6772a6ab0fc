using System.Text.Json;
using KoJudge.Datasets;

namespace KoJudge.Prompts;

/// <summary>
/// The seed's six Korean rubrics, addressed by short key or by LogicKor category name,
/// and custom rubrics loaded from JSON (<c>criteria</c>, <c>score1</c>..<c>score5</c>).
/// </summary>
public static class RubricCatalog
{
    // The short keys are KoJudge's; the category names are LogicKor's, as the seed keys its rubrics.
    private static readonly Dictionary<string, string> KeyByCategory = new(StringComparer.Ordinal)
    {
        ["추론(Reasoning)"] = "reasoning",
        ["수학(Math)"] = "math",
        ["글쓰기(Writing)"] = "writing",
        ["코딩(Coding)"] = "coding",
        ["이해(Understanding)"] = "understanding",
        ["문법(Grammar)"] = "grammar",
    };

    private static readonly Lazy<BuiltInRubric[]> BuiltIns = new(LoadBuiltIns);

    /// <summary>The six built-in rubrics, in the seed's order.</summary>
    public static IReadOnlyList<BuiltInRubric> BuiltIn => BuiltIns.Value;

    /// <summary>Finds a built-in rubric by key (any letter case) or by exact LogicKor category name.</summary>
    public static BuiltInRubric? Find(string keyOrCategory) =>
        BuiltIn.FirstOrDefault(r =>
            string.Equals(r.Key, keyOrCategory, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.Category, keyOrCategory, StringComparison.Ordinal));

    /// <summary>The names a user may give, for error messages and help.</summary>
    public static string KnownNames =>
        string.Join(", ", BuiltIn.Select(r => $"{r.Key} ({r.Category})"));

    /// <summary>
    /// Resolves what a user typed for <c>--rubric</c>: a built-in key or category name, or the path of a rubric JSON file.
    /// </summary>
    public static Rubric Resolve(string keyCategoryOrPath)
    {
        if (Find(keyCategoryOrPath) is { } builtIn)
        {
            return builtIn.Rubric;
        }
        if (File.Exists(keyCategoryOrPath))
        {
            return LoadFromFile(keyCategoryOrPath);
        }
        throw new ArgumentException(
            $"Unknown rubric '{keyCategoryOrPath}': not a built-in rubric ({KnownNames}) and no such file.");
    }

    /// <summary>Loads a custom rubric from a JSON file holding one object.</summary>
    public static Rubric LoadFromFile(string path)
    {
        using var json = JsonRow.ParseFile(path, File.ReadAllBytes(path));
        return FromJson(json.RootElement, path, line: null, fieldPrefix: null);
    }

    /// <summary>
    /// Reads a rubric object. <paramref name="file"/>, <paramref name="line"/> and <paramref name="fieldPrefix"/>
    /// only locate errors: a rubric inside a JSONL row reports itself as <c>rubric.score3</c> on that row's line.
    /// </summary>
    public static Rubric FromJson(JsonElement element, string file, int? line, string? fieldPrefix)
    {
        var row = new JsonRow(file, line, element, fieldPrefix);
        return new Rubric(
            row.RequiredText("criteria"), row.RequiredText("score1"), row.RequiredText("score2"), row.RequiredText("score3"), row.RequiredText("score4"), row.RequiredText("score5"));
    }

    private static BuiltInRubric[] LoadBuiltIns() =>
        KoPrometheusSeed.RubricTexts
            .Select(pair => new BuiltInRubric(
                KeyByCategory[pair.Key],
                pair.Key,
                Rubric.FromPromptText(pair.Value)
                    ?? throw new InvalidOperationException($"The seed's rubric for {pair.Key} is not in the '[criteria]' + 'Score n:' layout.")))
            .ToArray();
}
