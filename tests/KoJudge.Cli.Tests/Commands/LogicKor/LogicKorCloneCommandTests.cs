using System.Text.Json;
using System.Text.Json.Nodes;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

/// <summary>
/// A folder laid out as LogicKor's repository is cloned (<c>templates.py</c>, <c>evaluated/</c>) serves every command
/// as the curated layout does: the same requests, the same figures.
/// </summary>
public sealed class LogicKorCloneCommandTests
{
    /// <summary>The JSON copy's prompts (commit d0d974f) end rule 1 with a space that templates.py at HEAD does not have.</summary>
    private const string EndOfRuleOne = " \n2.";

    private static List<string> Bodies(IEnumerable<RecordedRequest> requests, Func<JsonObject, JsonObject>? change = null) =>
        requests.Select(r => (change ?? (b => b))(r.Body.DeepClone().AsObject()).ToJsonString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Runs a command (its arguments made from the LogicKor folder, the endpoint and the output) once on a clone and once
    /// on the curated layout, each against a server of its own that always gives <paramref name="reply"/>; both must succeed.
    /// </summary>
    private static async Task<(List<RecordedRequest> Clone, List<RecordedRequest> Curated, string Outputs)> OnBothLayouts(
        string reply, Func<string, string, string, string[]> args)
    {
        var outputs = Directory.CreateTempSubdirectory("kojudge-layouts-").FullName;
        var sent = new List<List<RecordedRequest>>();
        foreach (var (name, folder) in new[] { ("clone", LogicKorCheckout.Cloned()), ("curated", LogicKorCheckout.Curated()) })
        {
            await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text(reply));
            var run = await CliRun.InvokeAsync(args(folder, server.BaseAddress + "v1", Path.Combine(outputs, name)));
            run.AssertExit(ExitCodes.Success);
            sent.Add([.. server.Requests]);
        }
        return (sent[0], sent[1], outputs);
    }

    private static JsonObject Without(string json, string field)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(field);
        return node;
    }

    private static string AnswersFolder()
    {
        var source = SharedData.PathOf("data", "logickor", "v2", "evaluated", "openai", "gpt-4o-2024-05-13", "default.jsonl");
        var folder = Directory.CreateTempSubdirectory("kojudge-answers-").FullName;
        var target = Path.Combine(folder, "openai", "gpt-4o-2024-05-13", "default.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllLines(target, File.ReadAllLines(source).Take(3));
        return folder;
    }

    [Theory]
    [InlineData("default")]
    [InlineData("1-shot")]
    [InlineData("cot-1-shot")]
    public async Task Generate_sends_the_same_requests_from_a_clone_as_from_the_curated_layout(string strategy)
    {
        var (clone, curated, outputs) = await OnBothLayouts("답변입니다.", (logickor, endpoint, output) =>
            ["logickor", "generate", "--logickor", logickor, "--strategy", strategy, "--limit", "3", "--output", output, "--endpoint", endpoint, "--model", "m"]);

        Assert.Equal(6, clone.Count);
        Assert.Equal(Bodies(curated), Bodies(clone));
        // The same requests make the same rows, request hashes and all, so a run resumes across the two layouts.
        Assert.Equal(File.ReadAllLines(Path.Combine(outputs, "curated")).Order(StringComparer.Ordinal), File.ReadAllLines(Path.Combine(outputs, "clone")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_LogicKor_judge_sends_from_a_clone_what_LogicKors_evaluator_sends_from_templates_py()
    {
        var input = AnswersFolder();
        var (clone, curated, _) = await OnBothLayouts("평가: 좋다.\n점수: 8", (logickor, endpoint, output) =>
            ["logickor", "judge", "--judge", "logickor", "--input", input, "--output", output, "--logickor", logickor, "--endpoint", endpoint, "--model", "gpt-4-1106-preview"]);

        Assert.Equal(6, clone.Count);
        // The system prompts are templates.py's JUDGE_TEMPLATE as it stands, which is what evaluator.py sends.
        using var head = JsonDocument.Parse(await File.ReadAllTextAsync(SharedData.PathOf("data", "logickor", "judge_templates_head.json"), TestContext.Current.CancellationToken));
        var multi = clone.Where(r => r.LastMessage.Contains("**Follow-up Question.**", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, multi.Count);
        Assert.All(clone.Except(multi), r => Assert.Equal(head.RootElement.GetProperty("single_turn").GetString(), r.FirstMessage));
        Assert.All(multi, r => Assert.Equal(head.RootElement.GetProperty("multi_turn").GetString(), r.FirstMessage));
        // Byte for byte the curated layout's requests, but for the one space its copy of the prompts has.
        Assert.Equal(
            Bodies(curated, body =>
            {
                var system = body["messages"]![0]!.AsObject();
                var prompt = system["content"]!.GetValue<string>();
                Assert.Single(prompt.Split(EndOfRuleOne).Skip(1));
                system["content"] = prompt.Replace(EndOfRuleOne, EndOfRuleOne[1..], StringComparison.Ordinal);
                return body;
            }),
            Bodies(clone));
    }

    [Fact]
    public async Task A_folder_without_the_judges_prompts_is_named_in_one_line_before_any_engine()
    {
        var input = AnswersFolder();
        var logickor = Directory.CreateTempSubdirectory("kojudge-logickor-bare-").FullName;
        File.Copy(SharedData.PathOf("data", "logickor", "questions.jsonl"), Path.Combine(logickor, "questions.jsonl"));
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("평가: 좋다.\n점수: 8"));
        var output = Path.Combine(Directory.CreateTempSubdirectory("kojudge-judged-").FullName, "judged");

        var judge = await CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "logickor", "--input", input, "--output", output, "--logickor", logickor,
             "--endpoint", server.BaseAddress + "v1", "--model", "gpt-4-1106-preview"]);
        var generate = await CliRun.InvokeAsync(
            ["logickor", "generate", "--logickor", logickor, "--output", output + ".jsonl", "--endpoint", server.BaseAddress + "v1", "--model", "m"]);

        judge.AssertExit(ExitCodes.BadInput);
        Assert.Equal(
            $"error: the LogicKor folder {logickor} has no templates.py (or judge_template_v2.jsonl) with the judge's prompts; a clone of LogicKor's repository has them at its root.",
            judge.Error.Trim());
        generate.AssertExit(ExitCodes.BadInput);
        Assert.Equal(
            $"error: the LogicKor folder {logickor} has no templates.py (or prompt_strategies.json) with the answer strategies; a clone of LogicKor's repository has them at its root.",
            generate.Error.Trim());
        Assert.Empty(server.Requests);
        Assert.False(Path.Exists(output));
        Assert.False(Path.Exists(output + ".jsonl"));
    }

    [Fact]
    public async Task Meta_and_score_read_a_clones_root_as_the_curated_layouts()
    {
        var clone = LogicKorCheckout.Cloned(LogicKorCheckout.SomeModels);
        var curated = LogicKorCheckout.Curated(LogicKorCheckout.SomeModels);
        var reports = Directory.CreateTempSubdirectory("kojudge-meta-").FullName;
        Task<CliRun> Meta(string gold, string json) => CliRun.InvokeAsync(
            ["meta", "--gold", gold, "--baseline", "hangul-chrf", "--strategy", "default", "--json", Path.Combine(reports, json)]);

        var metaClone = await Meta(clone, "clone.json");
        var metaCurated = await Meta(curated, "curated.json");
        var (scoreClone, cloneJson) = await ScoreJson.InvokeAsync(["logickor", "score", clone]);
        var (scoreCurated, curatedJson) = await ScoreJson.InvokeAsync(["logickor", "score", curated]);

        metaClone.AssertExit(ExitCodes.Success);
        metaCurated.AssertExit(ExitCodes.Success);
        Assert.Contains("3 files, strategy default, turn single", metaClone.Out, StringComparison.Ordinal);
        var cloneTable = Without(await File.ReadAllTextAsync(Path.Combine(reports, "clone.json"), TestContext.Current.CancellationToken), "run");
        // All 42 questions of each model: those without a reference read the reference model's answer under the root's evaluated/.
        Assert.InRange(cloneTable["judges"]![0]!["overall"]!["n"]!.GetValue<int>(), 120, 126);
        Assert.Equal(
            Without(await File.ReadAllTextAsync(Path.Combine(reports, "curated.json"), TestContext.Current.CancellationToken), "run").ToJsonString(),
            cloneTable.ToJsonString());

        scoreClone.AssertExit(ExitCodes.Success);
        scoreCurated.AssertExit(ExitCodes.Success);
        var cloneBoards = ScoreJson.Rows(cloneJson);
        Assert.Equal(9, cloneBoards.Count);
        Assert.All(cloneBoards, board => Assert.StartsWith(Path.Combine(clone, "evaluated") + Path.DirectorySeparatorChar, JsonNode.Parse(board)!["file"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(
            LogicKorCheckout.SomeModels.Order(StringComparer.Ordinal),
            cloneBoards.Select(b => JsonNode.Parse(b)!["model"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ScoreJson.Rows(curatedJson).Select(b => Without(b, "file").ToJsonString()),
            cloneBoards.Select(b => Without(b, "file").ToJsonString()));
    }

    [Fact]
    public async Task The_bank_judge_reads_a_clones_root_as_bank_and_as_input_and_mirrors_its_evaluated_folder()
    {
        var clone = LogicKorCheckout.Cloned(LogicKorCheckout.SomeModels);
        var curated = LogicKorCheckout.Curated(LogicKorCheckout.SomeModels);
        var outputs = Directory.CreateTempSubdirectory("kojudge-bank-judged-").FullName;
        Task<CliRun> Judge(string root, string output) => CliRun.InvokeAsync(
            ["logickor", "judge", "--judge", "bank", "--bank", root, "--input", root, "--output", Path.Combine(outputs, output), "--no-cache"]);
        // The bank's fingerprint (in each row's request hash) is of its files' names, sizes and times, which copies do not share.
        List<string> Rows(string output, string model) => File.ReadAllLines(Path.Combine(outputs, output, model, "default.jsonl"))
            .Select(l => Without(l, "request_hash").ToJsonString())
            .Order(StringComparer.Ordinal)
            .ToList();

        var fromClone = await Judge(clone, "clone");
        var fromCurated = await Judge(curated, "curated");

        Assert.Equal(fromCurated.ExitCode, fromClone.ExitCode);
        Assert.Contains("answers in 3 files", fromClone.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(outputs, "clone", "evaluated")));
        foreach (var model in LogicKorCheckout.SomeModels)
        {
            var rows = Rows("clone", model);
            Assert.Equal(42, rows.Count);
            Assert.Equal(Rows("curated", model), rows);
        }
    }
}
