using System.Text.Json;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed class ScaleOutTests
{
    private static string WriteItems(int count)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-scale-").FullName, "items.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(n => JsonSerializer.Serialize(new { id = $"i{n}", instruction = $"문항 {n}", response = "답", rubric = "math" })));
        return path;
    }

    [Fact]
    public async Task Requests_spread_over_replicas_and_a_failing_one_is_set_aside()
    {
        var good = new ScriptedReply.Slow(TimeSpan.FromMilliseconds(20), new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));
        await using var first = await ScriptedOpenAIServer.StartAsync((_, _) => good);
        await using var second = await ScriptedOpenAIServer.StartAsync((_, _) => good);
        await using var broken = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Status(503));
        var input = WriteItems(60);
        var output = Path.ChangeExtension(input, ".out.jsonl");

        var run = await CliRun.InvokeAsync(
            ["judge", "--model", "m", "--input", input, "--output", output, "--concurrency", "8", "--http-retries", "0", "--retries", "0",
             "--endpoint", first.BaseAddress + "v1", "--endpoint", second.BaseAddress + "v1", "--endpoint", broken.BaseAddress + "v1"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Equal(60, File.ReadAllLines(output).Length);
        Assert.All(File.ReadAllLines(output), l => Assert.Equal(4, JsonDocument.Parse(l).RootElement.GetProperty("score").GetInt32()));
        // Both healthy replicas took a real share; the broken one was tried, then set aside after three failures in a row
        // (at most the 8 requests in flight then can have reached it besides): unchecked, it would take a third or more.
        Assert.InRange(first.Requests.Count, 15, 45);
        Assert.InRange(second.Requests.Count, 15, 45);
        Assert.Equal(60, first.Requests.Count + second.Requests.Count);
        Assert.InRange(broken.Requests.Count, 1, 3 + 8);
    }
}
