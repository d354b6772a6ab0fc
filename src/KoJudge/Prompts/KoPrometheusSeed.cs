using System.Reflection;
using System.Text.Json;

namespace KoJudge.Prompts;

/// <summary>
/// The seed's prompt, rubrics and worked example, read once from the JSON embedded in this assembly.
/// The JSON is kept exactly as the seed restored it, so a test can compare it with its source byte for byte.
/// </summary>
public static class KoPrometheusSeed
{
    private const string ResourceName = "KoJudge.Prompts.ko-prometheus-prompt.json";

    private static readonly Lazy<SeedDocument> Document = new(Load);

    /// <summary>The absolute-grading prompt with its <c>{instruction}</c>, <c>{response}</c>, <c>{reference}</c> and <c>{rubrics}</c> slots.</summary>
    public static string AbsoluteGradingTemplate => Document.Value.Template;

    /// <summary>The six rubrics, keyed by LogicKor category name, in the seed's order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RubricTexts => Document.Value.Rubrics;

    /// <summary>The seed card's worked example.</summary>
    public static SeedExample Example => Document.Value.Example;

    /// <summary>The embedded JSON, as UTF-8 text.</summary>
    public static string ReadRawJson()
    {
        using var stream = OpenResource();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Stream OpenResource() =>
        typeof(KoPrometheusSeed).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(KoPrometheusSeed).Assembly.GetName().Name}.");

    private static SeedDocument Load()
    {
        using var stream = OpenResource();
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var template = root.GetProperty("absolute_grading_prompt").GetString()!;
        var rubrics = root.GetProperty("rubrics").EnumerateObject()
            .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))
            .ToArray();
        var example = root.GetProperty("example");
        var seedExample = new SeedExample(
            example.GetProperty("instruction").GetString()!,
            example.GetProperty("response").GetString()!,
            example.GetProperty("reference").GetString()!,
            example.GetProperty("rubric").GetString()!,
            example.GetProperty("judge_output").GetString()!,
            example.GetProperty("score").GetInt32());
        return new SeedDocument(template, rubrics, seedExample);
    }

    private sealed record SeedDocument(string Template, KeyValuePair<string, string>[] Rubrics, SeedExample Example);
}
