using System.Text.Json;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed class LogprobsTests
{
    [Fact]
    public async Task Remote_judging_asks_for_logprobs_by_default_and_reads_the_score_distribution_from_them()
    {
        (string, double, (string, double)[])[] tokens =
        [
            ("Feedback", -0.1, []), (":", -0.1, []), (" 좋다", -0.3, []), (".", -0.1, []), (" [", -0.1, []), ("RESULT", -0.01, []), ("]", -0.01, []), (" ", -0.01, []),
            ("4", -0.2, [("4", -0.2), ("3", -1.8), ("5", -3.0), ("x", -5.0)]),
        ];
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4") { Logprobs = tokens });

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--rubric", "math", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.Success);
        using var row = JsonDocument.Parse(run.Out);
        var probabilities = row.RootElement.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        var (p3, p4, p5) = (Math.Exp(-1.8), Math.Exp(-0.2), Math.Exp(-3.0));
        var sum = p3 + p4 + p5;
        Assert.Equal([0, 0, p3 / sum, p4 / sum, p5 / sum], probabilities, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal((3 * p3 + 4 * p4 + 5 * p5) / sum, row.RootElement.GetProperty("expected_score").GetDouble(), 1e-6);
        var request = Assert.Single(server.Requests);
        Assert.True(request.Body["logprobs"]!.GetValue<bool>());
        Assert.Equal(10, request.Body["top_logprobs"]!.GetValue<int>());
    }

    [Fact]
    public async Task Told_not_to_it_asks_for_no_logprobs()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--no-logprobs", "--rubric", "math", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.Success);
        var request = Assert.Single(server.Requests);
        Assert.False(request.Body.ContainsKey("logprobs"));
        Assert.False(request.Body.ContainsKey("top_logprobs"));
    }

    [Fact]
    public async Task A_server_that_refuses_logprobs_is_asked_again_without_them_and_never_again_with_them()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => request.Body.ContainsKey("logprobs")
            ? new ScriptedReply.Status(400, Message: "Unsupported parameter: 'logprobs' is not supported with this model.")
            : new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));
        var directory = Directory.CreateTempSubdirectory("kojudge-logprobs-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 5).Select(n => JsonSerializer.Serialize(new { id = $"i{n}", instruction = $"문항 {n}", response = "답", rubric = "math" })), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", Path.Combine(directory, "out.jsonl"), "--concurrency", "1"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("5 scored, 0 failed", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n'), line => line.Contains("refused logprobs", StringComparison.Ordinal));
        Assert.Equal(6, server.Requests.Count);
        Assert.Single(server.Requests, r => r.Body.ContainsKey("logprobs"));
        Assert.All(File.ReadAllLines(Path.Combine(directory, "out.jsonl")), line => Assert.Equal(4, JsonDocument.Parse(line).RootElement.GetProperty("score").GetInt32()));
    }

    [Fact]
    public async Task Without_logprobs_the_fields_stay_null()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--rubric", "math", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.Success);
        using var row = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Null, row.RootElement.GetProperty("probabilities").ValueKind);
        Assert.Equal(4, row.RootElement.GetProperty("score").GetInt32());
    }
}
