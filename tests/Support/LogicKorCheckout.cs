namespace KoJudge.TestSupport;

/// <summary>
/// Temporary LogicKor folders made from the shared copy: one laid out as LogicKor's repository is cloned
/// (<c>questions.jsonl</c>, <c>templates.py</c>, <c>evaluated/&lt;org&gt;/&lt;model&gt;/&lt;strategy&gt;.jsonl</c>), and one in the
/// curated layout (the JSON copies of the prompts, <c>v2/evaluated/…</c>), with the same models' judgments.
/// </summary>
internal static class LogicKorCheckout
{
    /// <summary>Three models, one of them the reference model whose answers stand in where a question has no reference.</summary>
    public static readonly string[] SomeModels = ["openai/gpt-4o-2024-05-13", "openai/gpt-4-1106-preview", "maywell/TinyWand-kiqu"];

    /// <summary>A folder laid out as a clone of LogicKor's repository at HEAD, with the judgments of <paramref name="models"/>.</summary>
    public static string Cloned(params string[] models) => Make("kojudge-logickor-clone-", ["templates.py"], "evaluated", models);

    /// <summary>The curated layout, as the shared folder has it, with the judgments of <paramref name="models"/>.</summary>
    public static string Curated(params string[] models) => Make("kojudge-logickor-curated-", ["judge_template_v2.jsonl", "prompt_strategies.json"], Path.Combine("v2", "evaluated"), models);

    private static string Make(string prefix, string[] prompts, string judgments, string[] models)
    {
        var shared = SharedData.PathOf("data", "logickor");
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        foreach (var file in prompts.Append("questions.jsonl"))
        {
            File.Copy(Path.Combine(shared, file), Path.Combine(root, file));
        }
        foreach (var model in models)
        {
            var target = Path.Combine(root, judgments, model);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(Path.Combine(shared, "v2", "evaluated", model), "*.jsonl"))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
        return root;
    }
}
