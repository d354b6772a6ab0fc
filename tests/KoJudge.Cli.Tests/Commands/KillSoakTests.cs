using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

/// <summary>
/// The kill soak: each resumable command is killed with SIGKILL at seeded moments spread over its run and rerun after
/// each kill; at the end each id is there once, every line parses, and every row a kill left is still there as it was.
/// The moments change how far each run gets, never what the end must be.
/// </summary>
public sealed class KillSoakTests
{
    private const int Items = 200;
    private const int Kills = 20;

    // The tiny random-weight model's replies kept short; the verdict grammar (--constrain, in-process or in the server)
    // still puts a verdict into each, so every row is scored and the last run exits 0.
    private static readonly string[] ShortReplies = ["--max-tokens", "8"];

    private static (string Input, string Output, IReadOnlyDictionary<string, IReadOnlyList<string>> Ids, string Cache) TwoHundredItems()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-kill-soak-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        var ids = Enumerable.Range(0, Items).Select(n => $"item-{n}").ToList();
        File.WriteAllLines(input, Enumerable.Range(0, Items).Select(n => JsonSerializer.Serialize(new { id = ids[n], instruction = $"{n} 더하기 {n}은?", response = $"{2 * n}", rubric = "math" })));
        return (input, output, new Dictionary<string, IReadOnlyList<string>> { [output] = ids }, Path.Combine(directory, "cache"));
    }

    private static string JudgeRowId(JsonElement row) => row.GetProperty("id").GetString()!;

    private static string LogicKorRowId(JsonElement row) => row.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Judge_through_serve_killed_20_times_keeps_every_row_and_ends_with_each_id_once()
    {
        await using var server = await ServedTinyModel.StartAsync();
        var (input, output, ids, cache) = TwoHundredItems();
        // One response cache across the reruns, as a user's default cache is: replies a kill cut off before their row was
        // written come back from it.
        var environment = new Dictionary<string, string>(ServedTinyModel.Environment) { ["KOJUDGE_CACHE_DIR"] = cache };

        var soak = await KillSoak.RunAsync(
            ["judge", "--endpoint", server.BaseAddress.ToString(), "--model", "tiny-v1", "--api-key-env", "KOJUDGE_SERVE_KEY",
             "--input", input, "--output", output, "--concurrency", "8", .. ShortReplies],
            output, KillMoment.Spread(seed: 20251, Kills, Items, margin: 30), environment);

        soak.AssertEachIdOnceAndEveryRowAKillLeftKept(ids, JudgeRowId);
    }

    [Fact]
    public async Task Judge_in_process_killed_20_times_keeps_every_row_and_ends_with_each_id_once()
    {
        var (input, output, ids, cache) = TwoHundredItems();

        var soak = await KillSoak.RunAsync(
            ["judge", "--model", GeneratedModels.Tiny().Model, "--threads", "1", "--parallel", "4", "--constrain", "--flash-attention", "off",
             "--input", input, "--output", output, .. ShortReplies],
            output, KillMoment.Spread(seed: 20252, Kills, Items, margin: 30), new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = cache });

        soak.AssertEachIdOnceAndEveryRowAKillLeftKept(ids, JudgeRowId);
    }

    [Fact]
    public async Task LogicKor_judge_killed_5_times_keeps_every_row_of_each_file_and_ends_with_each_id_once()
    {
        // Three models' answers in LogicKor's layout, 42 each, judged on both turns by a scripted LogicKor judge that takes
        // a moment over each reply, so the kills find answers in flight.
        var logickor = SharedData.PathOf("data", "logickor");
        var root = Directory.CreateTempSubdirectory("kojudge-kill-soak-").FullName;
        var input = Path.Combine(root, "answers");
        var output = Path.Combine(root, "judged");
        var ids = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var model in new[] { Path.Combine("openai", "gpt-4o-2024-05-13"), Path.Combine("yanolja", "EEVE-Korean-Instruct-10.8B-v1.0"), Path.Combine("nlpai-lab", "KULLM3") })
        {
            var answers = Path.Combine(input, model, "default.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(answers)!);
            File.Copy(Path.Combine(logickor, "v2", "evaluated", model, "default.jsonl"), answers);
            ids[Path.Combine(output, model, "default.jsonl")] = File.ReadAllLines(answers).Select(l => LogicKorRowId(JsonDocument.Parse(l.TrimStart('\uFEFF')).RootElement)).ToList();
        }
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => new ScriptedReply.Slow(
            TimeSpan.FromMilliseconds(30),
            new ScriptedReply.Text(request.LastMessage.Contains("**Follow-up Question.**", StringComparison.Ordinal) ? "평가: 좋다.\n점수: 6" : "평가: 좋다.\n점수: 8")));

        var soak = await KillSoak.RunAsync(
            ["logickor", "judge", "--judge", "logickor", "--input", input, "--output", output, "--logickor", logickor,
             "--endpoint", server.BaseAddress + "v1", "--model", "gpt-4-1106-preview", "--concurrency", "4"],
            output, KillMoment.Spread(seed: 20253, kills: 5, ids.Values.Sum(i => i.Count), margin: 40),
            new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = Path.Combine(root, "cache") });

        soak.AssertEachIdOnceAndEveryRowAKillLeftKept(ids, LogicKorRowId);
    }
}
