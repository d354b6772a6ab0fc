using KoJudge.ChatTemplates;
using KoJudge.Judging;
using KoJudge.Prompts;

namespace KoJudge.LlamaCpp.Tests.Support;

internal static class JudgeItems
{
    private static readonly SeedExample Example = KoPrometheusSeed.Example;

    /// <summary>The seed's example as a judge item, varied by <paramref name="n"/> after the shared head.</summary>
    public static JudgeItem Item(int n, string? response = null) => new(
        $"item-{n}",
        n == 0 ? Example.Instruction : $"{Example.Instruction} ({n}번)",
        response ?? Example.Response,
        Example.Reference,
        RubricCatalog.Find("math")!.Rubric);

    public static string Chat(int n) => Llama3ChatTemplate.Render(Item(n).RenderPrompt());
}
