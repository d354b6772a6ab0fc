using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed partial class HttpFaultTests
{
    private static readonly ScriptedReply Good = new ScriptedReply.Text("Feedback: 좋다. [RESULT] 3");

    /// <summary>What item n meets on its k-th request; item 8m+5 never gets a good reply.</summary>
    private static ScriptedReply Fault(int n, int attempt) => (n % 8, attempt) switch
    {
        (0, 0) => new ScriptedReply.Status(429, RetryAfterSeconds: 1),
        (1, 0) => new ScriptedReply.Status(500),
        (2, 0) => new ScriptedReply.Reset(),
        (3, 0) => new ScriptedReply.MalformedBody("{\"choices\": [garbage"),
        (4, 0) => new ScriptedReply.Slow(TimeSpan.FromSeconds(10), Good),
        (5, _) => new ScriptedReply.Status(503),
        (6, < 2) => new ScriptedReply.Status(429, RetryAfterSeconds: 0),
        _ => Good,
    };

    [GeneratedRegex(@"문항 (\d+):")]
    private static partial Regex ItemNumber();

    [Fact]
    public async Task Every_item_ends_judged_or_failed_with_its_reason_through_429_500_resets_garbage_and_slow_replies()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((request, attempt) =>
            Fault(int.Parse(ItemNumber().Match(request.LastMessage).Groups[1].Value, CultureInfo.InvariantCulture), attempt));
        var directory = Directory.CreateTempSubdirectory("kojudge-faults-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 40).Select(n => JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"문항 {n}: 설명하시오.", response = "답", rubric = "math" })), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output,
             // The timeout leaves room for the first requests of a cold process (JIT, connections): at 1 s they
             // sometimes timed out on two busy cores, and a timed-out 429 is retried without its Retry-After.
             "--timeout", "3", "--http-retries", "3", "--retry-delay", "0.05", "--retries", "1", "--concurrency", "8"]);

        run.AssertExit(ExitCodes.NoVerdict);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(40, rows.Count);
        for (var n = 0; n < 40; n++)
        {
            var row = rows[$"item-{n}"];
            if (n % 8 == 5)
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty("score").ValueKind);
                Assert.Contains("engine error", row.GetProperty("error").GetString(), StringComparison.Ordinal);
                Assert.Equal(2, row.GetProperty("attempts").GetInt32());
            }
            else
            {
                Assert.True(row.GetProperty("score").ValueKind == JsonValueKind.Number, $"item {n}: {row}");
                Assert.Equal(n % 8 == 3 ? 2 : 1, row.GetProperty("attempts").GetInt32());
            }
        }
        Assert.Contains("35 scored, 5 failed (5 engine_error; ", run.Error, StringComparison.Ordinal);
        // A 429 with Retry-After: 1 is waited out before the next request.
        var first429 = server.Requests.Where(r => r.LastMessage.Contains("문항 0:", StringComparison.Ordinal)).Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(2, first429.Count);
        Assert.True(first429[1] - first429[0] >= TimeSpan.FromSeconds(0.9), $"retried after {first429[1] - first429[0]}: {string.Join(", ", server.Requests.Where(r => r.LastMessage.Contains("문항 0:", StringComparison.Ordinal)).Select(r => r.ReceivedAt.ToString("ss.fff", CultureInfo.InvariantCulture)))} / {string.Join(", ", server.Requests.Where(r => r.LastMessage.Contains("문항 8:", StringComparison.Ordinal)).Select(r => r.ReceivedAt.ToString("ss.fff", CultureInfo.InvariantCulture)))}\n{run.Error}");
        // Item 5 was sent 1 + 3 times per judge attempt, twice.
        Assert.Equal(8, server.Requests.Count(r => r.LastMessage.Contains("문항 5:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_refused_key_fails_each_item_at_once_as_unauthorized_with_a_hint_and_never_the_key(int status)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Status(status, Message: "bad key"));
        var directory = Directory.CreateTempSubdirectory("kojudge-unauthorized-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 3).Select(n => JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"문항 {n}: 설명하시오.", response = "답", rubric = "math" })), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--api-key-env", "KOJUDGE_TEST_KEY",
             "--http-retries", "3", "--retry-delay", "0.05", "--retries", "2"],
            environment: new Dictionary<string, string> { ["KOJUDGE_TEST_KEY"] = "sk-secret-test-key" });

        run.AssertExit(ExitCodes.NoVerdict);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("unauthorized", 1), (r.GetProperty("error_kind").GetString(), r.GetProperty("attempts").GetInt32())));
        // Neither the judge nor the HTTP layer asks again with a key the server refused.
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("0 scored, 3 failed (3 unauthorized; ", run.Error, StringComparison.Ordinal);
        Assert.Contains("hint: 3 requests were refused for their key", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-test-key", run.Error + run.Out + File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the prompt has 5120 tokens, but a sequence holds 4096")]
    [InlineData("This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4488 in the messages, 512 in the completion).")]
    [InlineData("The prompt (total length 5000) is too long to fit into the model (context length 4096). Make sure that `max_model_len` is no smaller than the number of text tokens.")]
    public async Task A_prompt_the_server_says_is_too_long_fails_after_one_request_as_prompt_too_long(string wording)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Status(400, Message: wording));
        var directory = Directory.CreateTempSubdirectory("kojudge-too-long-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        await File.WriteAllLinesAsync(input, [JsonSerializer.Serialize(new { id = "long", instruction = "긴 문항", response = "답", rubric = "math" })], TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--retries", "2", "--no-logprobs"]);

        run.AssertExit(ExitCodes.NoVerdict);
        var row = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        Assert.Equal(("prompt_too_long", 1), (row.GetProperty("error_kind").GetString(), row.GetProperty("attempts").GetInt32()));
        Assert.Contains(wording[..20], row.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Contains("hint: 1 prompts did not fit the context: raise --ctx", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_400_stays_an_engine_error()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Status(400, Message: "unknown field 'frobnicate'"));
        var directory = Directory.CreateTempSubdirectory("kojudge-400-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        await File.WriteAllLinesAsync(input, [JsonSerializer.Serialize(new { id = "a", instruction = "문항", response = "답", rubric = "math" })], TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--no-logprobs"]);

        run.AssertExit(ExitCodes.NoVerdict);
        Assert.Equal("engine_error", JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("error_kind").GetString());
    }

    [Theory]
    [InlineData("sk-wrong-test-key", "refused the key in $KOJUDGE_TEST_KEY (HTTP 401)")]
    [InlineData(null, "wants a key (HTTP 401), and $KOJUDGE_TEST_KEY is not set")]
    public async Task A_key_the_server_refuses_at_the_probe_stops_the_run_before_any_item_naming_the_variable_not_the_key(string? key, string message)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => Good, requiredKey: "sk-right-test-key");
        var directory = Directory.CreateTempSubdirectory("kojudge-probe-key-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "out.jsonl");
        await File.WriteAllLinesAsync(input, [JsonSerializer.Serialize(new { id = "a", instruction = "문항", response = "답", rubric = "math" })], TestContext.Current.CancellationToken);
        var environment = key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["KOJUDGE_TEST_KEY"] = key };

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--api-key-env", "KOJUDGE_TEST_KEY"],
            environment: environment);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"error: {server.BaseAddress}v1 {message}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", run.Error + run.Out, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(output));

        var right = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", output, "--api-key-env", "KOJUDGE_TEST_KEY", "--no-cache"],
            environment: new Dictionary<string, string> { ["KOJUDGE_TEST_KEY"] = "sk-right-test-key" });
        right.AssertExit(ExitCodes.Success);
        // Only the run with the right key reached the chat endpoint.
        Assert.Single(server.Requests);
    }
}
