using System.Text;
using System.Text.Json;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed class RunsThatLoseNothingTests
{
    private static string WriteItems(int count, string? directory = null)
    {
        directory ??= Directory.CreateTempSubdirectory("kojudge-runs-").FullName;
        var path = Path.Combine(directory, "items.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(Line));
        return path;
    }

    private static string Line(int n) => JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"문항 {n}: 설명하시오.", response = $"답변 {n}", rubric = "writing" });

    private static Task<ScriptedOpenAIServer> Server() =>
        ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));

    private static async Task<CliRun> Judge(ScriptedOpenAIServer server, string input, string output, params string[] more) =>
        await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, .. more]);

    private static List<string> Ids(string output) =>
        File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task A_rerun_skips_what_is_done_repairs_a_torn_line_and_writes_no_row_twice()
    {
        await using var server = await Server();
        var input = WriteItems(20);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        (await Judge(server, input, output)).AssertExit(ExitCodes.Success);
        // As if killed mid-run: five rows never written and a sixth torn in the middle.
        var lines = File.ReadAllLines(output);
        File.WriteAllText(output, string.Join("\n", lines.Take(14)) + "\n" + lines[14][..25], new UTF8Encoding(false));
        var before = server.Requests.Count;

        var rerun = await Judge(server, input, output);

        rerun.AssertExit(ExitCodes.Success);
        Assert.Contains("cut off a torn last line", rerun.Error, StringComparison.Ordinal);
        Assert.Contains("done: 20 items: 14 already in", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(6, server.Requests.Count - before);
        Assert.Equal(Enumerable.Range(0, 20).Select(n => $"item-{n}").Order(), Ids(output).Order());
    }

    [Fact]
    public async Task A_rerun_with_retry_failed_judges_again_only_the_rows_without_a_score()
    {
        var down = true;
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) =>
            down && request.LastMessage.Contains("문항 1", StringComparison.Ordinal)
                ? new ScriptedReply.Status(503)
                : new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));
        var input = WriteItems(12);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        string[] quick = ["--http-retries", "0", "--retries", "0"];
        var first = await Judge(server, input, output, quick);
        var scoredRows = File.ReadAllLines(output).Where(l => !l.Contains("\"score\":null", StringComparison.Ordinal)).ToList();
        var plainRerun = await Judge(server, input, output, quick);
        down = false;
        var before = server.Requests.Count;

        var retry = await Judge(server, input, output, [.. quick, "--retry-failed"]);

        // Items 1, 10 and 11 ask about "문항 1…" and failed while the server was down.
        first.AssertExit(ExitCodes.NoVerdict);
        Assert.Equal(9, scoredRows.Count);
        Assert.Contains("12 already in", plainRerun.Error, StringComparison.Ordinal);
        // The rerun judged nothing, but three items still have no score: it says so, and does not claim success.
        plainRerun.AssertExit(ExitCodes.NoVerdict);
        Assert.Contains("(3 of them failed)", plainRerun.Error, StringComparison.Ordinal);
        Assert.Contains("hint: 3 rows already in", plainRerun.Error, StringComparison.Ordinal);
        Assert.Contains("--retry-failed", plainRerun.Error, StringComparison.Ordinal);
        retry.AssertExit(ExitCodes.Success);
        Assert.Contains("took 3 failed rows out of", retry.Error, StringComparison.Ordinal);
        Assert.Contains("9 already in", retry.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count - before);
        Assert.Equal(Enumerable.Range(0, 12).Select(n => $"item-{n}").Order(), Ids(output).Order());
        Assert.All(File.ReadAllLines(output), l => Assert.Equal(4, JsonDocument.Parse(l).RootElement.GetProperty("score").GetInt32()));
        Assert.Equal(scoredRows, File.ReadAllLines(output).Take(9));
    }

    [Fact]
    public async Task A_changed_setting_is_not_taken_for_the_old_rows()
    {
        await using var server = await Server();
        var input = WriteItems(5);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        (await Judge(server, input, output)).AssertExit(ExitCodes.Success);
        var before = File.ReadAllText(output);

        var changed = await Judge(server, input, output, "--max-tokens", "256");
        var overwritten = await Judge(server, input, output, "--max-tokens", "256", "--overwrite");

        changed.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{output}: field 'request_hash': 5 rows were made with other settings", changed.Error, StringComparison.Ordinal);
        overwritten.AssertExit(ExitCodes.Success);
        Assert.NotEqual(before, File.ReadAllText(output));
        Assert.Equal(5, Ids(output).Count);
    }

    [Fact]
    public async Task Three_shards_merged_give_the_same_rows_as_one_run()
    {
        await using var server = await Server();
        var input = WriteItems(30);
        var whole = Path.ChangeExtension(input, ".whole.jsonl");
        var shards = Enumerable.Range(1, 3).Select(i => Path.ChangeExtension(input, $".shard{i}.jsonl")).ToArray();
        var merged = Path.ChangeExtension(input, ".merged.jsonl");

        (await Judge(server, input, whole)).AssertExit(ExitCodes.Success);
        for (var i = 0; i < 3; i++)
        {
            (await Judge(server, input, shards[i], "--shard", $"{i + 1}/3")).AssertExit(ExitCodes.Success);
        }
        var merge = await CliRun.InvokeAsync(["merge", "--output", merged, .. shards]);

        merge.AssertExit(ExitCodes.Success);
        Assert.All(shards, s => Assert.InRange(Ids(s).Count, 1, 29));
        Assert.Equal(File.ReadAllLines(whole).Order(StringComparer.Ordinal), File.ReadAllLines(merged).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Merge_refuses_duplicates_and_conflicts()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-merge-").FullName;
        var a = Path.Combine(directory, "a.jsonl");
        var b = Path.Combine(directory, "b.jsonl");
        var c = Path.Combine(directory, "c.jsonl");
        // Result rows of one run: each with the request hash of its settings.
        File.WriteAllLines(a, ["""{"id":"x","request_hash":"hx","score":4}""", """{"id":"y","request_hash":"hy","score":2}"""]);
        File.WriteAllLines(b, ["""{"id":"x","request_hash":"hx","score":4}"""]);
        File.WriteAllLines(c, ["""{"id":"z","request_hash":"hz","score":1}""", """{"id":"y","request_hash":"hy","score":5}"""]);

        var duplicate = await CliRun.InvokeAsync(["merge", "--output", Path.Combine(directory, "m1.jsonl"), a, b]);
        var conflict = await CliRun.InvokeAsync(["merge", "--output", Path.Combine(directory, "m2.jsonl"), a, c]);

        duplicate.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{b}:1: field 'id': duplicate row for id 'x' (first at {a}:1)", duplicate.Error, StringComparison.Ordinal);
        conflict.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{c}:2: field 'id': conflicting row for id 'y' (first at {a}:2)", conflict.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "m1.jsonl")));
    }

    public static TheoryData<string, byte[], string?, string> BadLines => new()
    {
        { "malformed JSON", Encoding.UTF8.GetBytes("""{"id": "bad", "instruction": """), null, "not valid JSON" },
        { "missing field", Encoding.UTF8.GetBytes("""{"id": "bad", "response": "r", "rubric": "math"}"""), "instruction", "missing" },
        { "mistyped field", Encoding.UTF8.GetBytes("""{"id": "bad", "instruction": "q", "response": 42, "rubric": "math"}"""), "response", "must be a string" },
        { "duplicate id", Encoding.UTF8.GetBytes(Line(0)), "id", "duplicate id 'item-0' (first on line 1)" },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("{\"id\": \"bad\", \"instruction\": \"q"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\", \"response\": \"r\", \"rubric\": \"math\"}")], null, "invalid UTF-8" },
        { "unknown rubric", Encoding.UTF8.GetBytes("""{"id": "bad", "instruction": "q", "response": "r", "rubric": "physics"}"""), "rubric", "unknown rubric 'physics'" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task Each_kind_of_bad_input_names_file_line_and_field_and_loses_no_output(string kind, byte[] badLine, string? field, string problem)
    {
        await using var server = await Server();
        var input = WriteItems(3);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        (await Judge(server, input, output)).AssertExit(ExitCodes.Success);
        var before = File.ReadAllBytes(output);
        File.WriteAllBytes(input, [.. File.ReadAllBytes(input), .. badLine, (byte)'\n', .. Encoding.UTF8.GetBytes(Line(3) + "\n")]);
        var requests = server.Requests.Count;

        var refused = await Judge(server, input, output);
        var skipped = await Judge(server, input, output, "--on-bad-input", "skip");

        refused.AssertExit(ExitCodes.BadInput);
        var where = field is null ? $"{input}:4: " : $"{input}:4: field '{field}': ";
        Assert.Contains(where, refused.Error, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Error, StringComparison.Ordinal);
        Assert.True(requests == server.Requests.Count - 1, $"{kind}: the refused run sent requests, or the skipping run did not judge item-3");
        skipped.AssertExit(ExitCodes.Success);
        Assert.Contains("skipped " + where, skipped.Error, StringComparison.Ordinal);
        Assert.Contains("1 bad lines skipped", skipped.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output).Take(before.Length));
        Assert.Equal(["item-0", "item-1", "item-2", "item-3"], Ids(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_empty_response_is_judged_like_any_other()
    {
        await using var server = await Server();
        var directory = Directory.CreateTempSubdirectory("kojudge-runs-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        File.WriteAllText(input, """{"id": "silent", "instruction": "q", "response": "", "rubric": "math"}""" + "\n");

        var run = await Judge(server, input, Path.Combine(directory, "out.jsonl"));

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("###Response to evaluate:\n\n\n###", Assert.Single(server.Requests).LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_process_on_an_output_in_use_stops_at_once_with_one_line_and_the_lock_dies_with_the_first()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) =>
            new ScriptedReply.Slow(TimeSpan.FromSeconds(1), new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4")));
        var input = WriteItems(30);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        string[] judge = ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--concurrency", "1", "--no-cache"];
        using var first = ToolProcess.Start(judge);
        for (var waited = 0; waited < 600 && !(File.Exists(output) && File.ReadAllLines(output).Length >= 1); waited++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        var before = File.ReadAllText(output);

        var second = await CliRun.InvokeAsync([.. judge]);

        second.AssertExit(ExitCodes.BadInput);
        Assert.Equal($"error: --output {output}: is being written by another kojudge process; wait for it, or write to another --output", second.Error.Trim());
        Assert.StartsWith(before, File.ReadAllText(output), StringComparison.Ordinal);

        // SIGKILL leaves the lock file behind, but not the lock: the next run resumes.
        first.Kill();
        await first.WaitForExitAsync(TestContext.Current.CancellationToken);
        var third = await CliRun.InvokeAsync([.. judge[..^3], "--concurrency", "8", "--no-cache"]);
        third.AssertExit(ExitCodes.Success);
        Assert.Equal(Enumerable.Range(0, 30).Select(n => $"item-{n}").Order(), Ids(output).Order());
        Assert.False(File.Exists(output + ".lock"));
    }

    [Fact]
    public async Task An_empty_input_or_one_without_a_good_line_is_an_error_not_an_empty_success()
    {
        await using var server = await Server();
        var directory = Directory.CreateTempSubdirectory("kojudge-empty-input-").FullName;
        var empty = Path.Combine(directory, "empty.jsonl");
        var bad = Path.Combine(directory, "bad.jsonl");
        await File.WriteAllTextAsync(empty, "\n\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(bad, "not json\n{}\n", TestContext.Current.CancellationToken);

        var none = await Judge(server, empty, Path.Combine(directory, "a.jsonl"));
        var skipped = await Judge(server, bad, Path.Combine(directory, "b.jsonl"), "--on-bad-input", "skip");

        none.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"error: {empty}: holds no items", none.Error, StringComparison.Ordinal);
        skipped.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"error: {bad}: holds no good item: all 2 lines are bad", skipped.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(Path.Combine(directory, "a.jsonl")));
    }
}
