using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class ResponseCacheTests
{
    [Fact]
    public async Task A_request_seen_before_is_answered_from_the_cache_across_runs_unless_told_not_to()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 5"));
        var directory = Directory.CreateTempSubdirectory("kojudge-cache-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 10).Select(n => JsonSerializer.Serialize(new { id = $"i{n}", instruction = $"문항 {n}", response = "답", rubric = "math" })), TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = Path.Combine(directory, "cache") };
        Task<CliRun> Judge(string output, string model, params string[] more) => CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", model, "--input", input, "--output", Path.Combine(directory, output), .. more], environment: environment);

        var first = await Judge("a.jsonl", "m");
        var afterFirst = server.Requests.Count;
        var second = await Judge("b.jsonl", "m");
        var afterSecond = server.Requests.Count;
        var otherModel = await Judge("c.jsonl", "other");
        var afterOther = server.Requests.Count;
        var noCache = await Judge("d.jsonl", "m", "--no-cache");

        first.AssertExit(ExitCodes.Success);
        Assert.Equal(10, afterFirst);
        Assert.Contains("0 answered from the cache", first.Error, StringComparison.Ordinal);
        second.AssertExit(ExitCodes.Success);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Contains("10 answered from the cache", second.Error, StringComparison.Ordinal);
        Assert.Equal(
            File.ReadAllLines(Path.Combine(directory, "a.jsonl")).Order(StringComparer.Ordinal),
            File.ReadAllLines(Path.Combine(directory, "b.jsonl")).Order(StringComparer.Ordinal));
        otherModel.AssertExit(ExitCodes.Success);
        Assert.Equal(afterSecond + 10, afterOther);
        noCache.AssertExit(ExitCodes.Success);
        Assert.Equal(afterOther + 10, server.Requests.Count);
        Assert.Contains("no cache", noCache.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_whose_retry_was_cached_counts_once()
    {
        // The first, greedy reply has no verdict; the retry (attempt 1) has one. A rerun reads both from the cache.
        await using var server = await ScriptedOpenAIServer.StartAsync((_, attempt) => new ScriptedReply.Text(attempt == 0 ? "Feedback: 판단을 보류한다." : "Feedback: 좋다. [RESULT] 4"));
        var directory = Directory.CreateTempSubdirectory("kojudge-cache-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 4).Select(n => JsonSerializer.Serialize(new { id = $"i{n}", instruction = $"문항 {n}", response = "답", rubric = "math" })), TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = Path.Combine(directory, "cache") };
        Task<CliRun> Judge(string output) => CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", Path.Combine(directory, output)], environment: environment);

        var first = await Judge("a.jsonl");
        var second = await Judge("b.jsonl");

        first.AssertExit(ExitCodes.Success);
        second.AssertExit(ExitCodes.Success);
        Assert.Equal(8, server.Requests.Count);
        Assert.Contains("4 scored, 0 failed, 4 retries", second.Error, StringComparison.Ordinal);
        Assert.Contains("4 answered from the cache", second.Error, StringComparison.Ordinal);
        Assert.Contains("0 answered from the cache", first.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cache_file_that_is_not_a_database_stops_the_run_before_any_request_and_names_the_file()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 5"));
        var cache = Path.Combine(Directory.CreateTempSubdirectory("kojudge-cache-").FullName, "broken.sqlite");
        await File.WriteAllTextAsync(cache, new string('x', 4096), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--cache", cache, "--rubric", "math", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"the response cache {cache} cannot be used", run.Error, StringComparison.Ordinal);
        Assert.Contains("--no-cache", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_in_process_engines_score_distribution_comes_back_from_the_cache()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-cache-").FullName;
        var environment = new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = directory };
        string[] judge = ["judge", "--model", GeneratedModels.Tiny().Model, "--rubric", "math", "--instruction", "1+1?", "--response", "2", "--constrain", "--max-tokens", "24", "--threads", "2", "--flash-attention", "off"];

        var fresh = await CliRun.InvokeAsync(judge, environment: environment);
        var cached = await CliRun.InvokeAsync(judge, environment: environment);

        fresh.AssertExit(ExitCodes.Success);
        cached.AssertExit(ExitCodes.Success);
        using var a = JsonDocument.Parse(fresh.Out);
        using var b = JsonDocument.Parse(cached.Out);
        Assert.NotEqual(JsonValueKind.Null, a.RootElement.GetProperty("probabilities").ValueKind);
        Assert.Equal(a.RootElement.GetProperty("probabilities").GetRawText(), b.RootElement.GetProperty("probabilities").GetRawText());
        Assert.Equal(a.RootElement.GetProperty("raw").GetString(), b.RootElement.GetProperty("raw").GetString());
        Assert.True(File.Exists(Path.Combine(directory, "responses.sqlite")));
    }
}
