using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed partial class JudgeCommandTests
{
    private const string ApiKey = "sk-test-7f3a9c-secret";
    private static readonly Dictionary<string, string> Environment = new() { ["KOJUDGE_TEST_KEY"] = ApiKey };

    /// <summary>
    /// What the scripted judge answers for item n on its k-th try, and what the result must then be:
    /// the score (null for none), the number of attempts, and a fragment of the reason.
    /// </summary>
    private static (ScriptedReply Reply, int? Score, int Attempts, string? Reason) Scenario(int n, int attempt) => n switch
    {
        < 20 => (new ScriptedReply.Text($"Feedback: 답변 {n}은 적절합니다. [RESULT] {1 + (n % 5)}"), 1 + (n % 5), 1, null),
        20 => (new ScriptedReply.Text("**Feedback:** 좋습니다. **[RESULT] 5**"), 5, 1, null),
        21 => (new ScriptedReply.Text("좋습니다.\n\n[결과] 3"), 3, 1, null),
        22 => (new ScriptedReply.Text("좋습니다.\n\nRESULT 3"), 3, 1, null),
        23 => (new ScriptedReply.Text("좋습니다. [RESULT] (2)"), 2, 1, null),
        24 => (new ScriptedReply.Text("좋습니다. [RESULT] 4점<|eot_id|>"), 4, 1, null),
        // No verdict at first, then a good one: one retry.
        < 32 => (new ScriptedReply.Text(attempt == 0 ? "Feedback: 평가를 마쳤습니다." : "Feedback: 다시 보니 좋다. [RESULT] 4"), 4, 2, null),
        // The template echoed, then an out-of-range score, then a good one: two retries.
        < 36 => (new ScriptedReply.Text(attempt switch
        {
            0 => "Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)",
            1 => "Feedback: 훌륭하다. [RESULT] 6",
            _ => "Feedback: 훌륭하다. [RESULT] 5",
        }), 5, 3, null),
        // Malformed verdicts, always: no score after three attempts.
        36 => (new ScriptedReply.Text("Feedback: 반쯤 맞다. [RESULT] 4.5"), null, 3, "not a whole number"),
        37 => (new ScriptedReply.Text("Feedback: 만점 이상. [RESULT] 12"), null, 3, "not an integer from 1 to 5"),
        38 => (new ScriptedReply.Text("Feedback: 최악. [RESULT] 0"), null, 3, "not an integer from 1 to 5"),
        39 => (new ScriptedReply.Text("Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)"), null, 3, "echoes the template"),
        40 => (new ScriptedReply.Text("4점이 적절합니다."), null, 3, "no verdict marker"),
        41 => (new ScriptedReply.Text(""), null, 3, "the reply is empty"),
        // A body that is not JSON, then a good reply.
        < 45 => (attempt == 0 ? new ScriptedReply.MalformedBody("{\"choices\": [ this is not json") : new ScriptedReply.Text("[RESULT] 2"), 2, 2, null),
        // A body that is never JSON.
        45 => (new ScriptedReply.MalformedBody("<html>502 Bad Gateway</html>"), null, 3, "engine error"),
        // Cut off by the token limit, every time.
        < 48 => (new ScriptedReply.Text("Feedback: 아주 긴 평가가 계속되", "length"), null, 3, "truncated"),
        // Cut off, then a short good reply.
        _ => (attempt == 0 ? new ScriptedReply.Text("Feedback: 긴 평가", "length") : new ScriptedReply.Text("Feedback: 짧게. [RESULT] 1"), 1, 2, null),
    };

    private static int ItemNumber(string prompt) => int.Parse(ItemMarker().Match(prompt).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"문항-(\d+)번")]
    private static partial Regex ItemMarker();

    private static string WriteItems(int count)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-").FullName, "items.jsonl");
        var rubrics = new[] { "math", "writing", "수학(Math)", "grammar", "코딩(Coding)" };
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(n => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"item-{n:00}",
            ["instruction"] = $"문항-{n}번: 다음을 설명하시오.",
            ["response"] = $"답변 {n}",
            ["reference"] = n % 2 == 0 ? "정답" : null,
            ["rubric"] = rubrics[n % rubrics.Length],
            ["category"] = n % 3 == 0 ? "수학(Math)" : null,
        })));
        return path;
    }

    [Fact]
    public async Task Judges_50_items_against_a_scripted_server_and_every_item_ends_with_a_score_or_a_reason()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((request, attempt) => Scenario(ItemNumber(request.LastMessage), attempt).Reply);
        var input = WriteItems(50);
        var output = Path.ChangeExtension(input, ".results.jsonl");

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "ko-prometheus", "--api-key-env", "KOJUDGE_TEST_KEY",
             "--input", input, "--output", output, "--concurrency", "4", "--seed", "7"],
            environment: Environment);

        run.AssertExit(ExitCodes.NoVerdict);
        var rows = File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(50, rows.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(n => $"item-{n:00}"), rows.Select(r => r.GetProperty("id").GetString()).Order());
        var expectedRetries = 0;
        foreach (var row in rows)
        {
            var n = int.Parse(row.GetProperty("id").GetString()!["item-".Length..], CultureInfo.InvariantCulture);
            var (_, score, attempts, reason) = Scenario(n, 0);
            expectedRetries += attempts - 1;
            var what = $"item {n}: {row}";
            Assert.True(attempts == row.GetProperty("attempts").GetInt32(), what);
            if (score is null)
            {
                Assert.True(row.GetProperty("score").ValueKind == JsonValueKind.Null, what);
                Assert.Contains(reason!, row.GetProperty("error").GetString()!, StringComparison.Ordinal);
                Assert.True(row.GetProperty("error_kind").GetString() is "no_verdict" or "truncated" or "engine_error", what);
            }
            else
            {
                Assert.True(score == row.GetProperty("score").GetInt32(), what);
                Assert.True(row.GetProperty("error").ValueKind == JsonValueKind.Null, what);
                Assert.True(row.GetProperty("error_kind").ValueKind == JsonValueKind.Null, what);
                Assert.DoesNotContain("[RESULT]", row.GetProperty("feedback").GetString()!, StringComparison.Ordinal);
            }
        }
        Assert.Contains(rows, r => r.GetProperty("truncated").GetBoolean());
        Assert.Matches($@"done: 50 items: 0 already in .*, 41 scored, 9 failed \(.*\), {expectedRetries} retries", run.Error);
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{32}$", r.GetProperty("request_hash").GetString()));

        // What the server was asked: greedy first, then sampling with fresh seeds; stop tokens, 512 tokens, and the key.
        Assert.Equal(50 + expectedRetries, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal($"Bearer {ApiKey}", r.Authorization);
            Assert.Equal("ko-prometheus", r.Body["model"]!.GetValue<string>());
            Assert.Equal(["<|eot_id|>", "<|end_of_text|>"], r.Body["stop"]!.AsArray().Select(s => s!.GetValue<string>()));
            Assert.Equal(512, r.Body["max_completion_tokens"]!.GetValue<int>());
            Assert.Equal(512, r.Body["max_tokens"]!.GetValue<int>());
        });
        var temperatureBySeed = server.Requests
            .GroupBy(r => r.Body["seed"]!.GetValue<long>())
            .ToDictionary(g => g.Key, g => g.Select(r => r.Body["temperature"]!.GetValue<double>()).Distinct().Single());
        Assert.Equal(new Dictionary<long, double> { [7] = 0, [8] = 1, [9] = 1 }, temperatureBySeed);

        // The key is sent to the server and nowhere else.
        Assert.DoesNotContain(ApiKey, run.Out + run.Error + File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judges_one_item_given_in_flags_and_prints_its_row()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 정확하다. [RESULT] 5"));

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress.ToString(), "--model", "m", "--rubric", "math", "--instruction", "1+1?", "--response", "2", "--reference", "2"]);

        run.AssertExit(0);
        using var row = JsonDocument.Parse(run.Out);
        Assert.Equal(5, row.RootElement.GetProperty("score").GetInt32());
        Assert.Equal("정확하다.", row.RootElement.GetProperty("feedback").GetString());
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer no-key", request.Authorization);
        Assert.Contains("###Reference Answer (Score 5):\n2\n\n", request.LastMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_item_without_a_verdict_exits_3()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("모르겠습니다."));

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress.ToString(), "--model", "m", "--rubric", "math", "--instruction", "q", "--response", "r", "--retries", "0"]);

        run.AssertExit(ExitCodes.NoVerdict);
        using var row = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Null, row.RootElement.GetProperty("score").ValueKind);
        Assert.Equal(1, row.RootElement.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_request_with_file_line_and_field()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("[RESULT] 3"));
        var input = WriteItems(5);
        var lines = File.ReadAllLines(input);
        lines[3] = lines[3].Replace("\"rubric\":\"grammar\"", "\"rubric\":\"physics\"", StringComparison.Ordinal);
        File.WriteAllLines(input, lines);
        var output = Path.ChangeExtension(input, ".results.jsonl");

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress.ToString(), "--model", "m", "--input", input, "--output", output]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{input}:4: field 'rubric': unknown rubric 'physics'", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_output_that_is_not_KoJudges_is_left_alone()
    {
        var input = WriteItems(1);
        var output = Path.ChangeExtension(input, ".results.jsonl");
        await File.WriteAllTextAsync(output, "earlier results\n", TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--input", input, "--output", output]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{output}:1: not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.Equal("earlier results\n", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_stops_the_run_before_any_item()
    {
        var input = WriteItems(3);
        var output = Path.ChangeExtension(input, ".results.jsonl");

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--input", input, "--output", output]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("error: nothing answers at http://127.0.0.1:9/v1", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task With_one_replica_down_the_run_goes_on_through_the_others()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));
        var input = WriteItems(3);
        var output = Path.ChangeExtension(input, ".results.jsonl");

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", "http://127.0.0.1:9/v1", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--http-retries", "0"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("warning: nothing answers at http://127.0.0.1:9/v1", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task A_missing_input_file_is_named()
    {
        var input = Path.Combine(Directory.CreateTempSubdirectory("kojudge-judge-").FullName, "absent.jsonl");

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--input", input, "--output", input + ".out"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"error: --input {input}: no such file.", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(input + ".out"));
    }

    [Theory]
    [InlineData(new string[0], "give --model file.gguf to judge in-process, or --endpoint URL")]
    [InlineData(new[] { "--model", "m" }, "--model m: no such file. Without --endpoint, --model names a GGUF file")]
    [InlineData(new[] { "--endpoint", "http://127.0.0.1:9/v1" }, "--model is required")]
    [InlineData(new[] { "--endpoint", "ftp://example/v1", "--model", "m" }, "http or https URL")]
    [InlineData(new[] { "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--retries", "-1" }, "--retries at least 0")]
    public async Task Engine_and_setting_errors_are_explained(string[] flags, string message)
    {
        var run = await CliRun.InvokeAsync(["judge", "--rubric", "math", "--instruction", "q", "--response", "r", .. flags]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}
