using System.Text.Json;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed class LogprobsTests
{
    [Fact]
    public async Task Remote_judging_reads_the_score_distribution_from_the_servers_logprobs()
    {
        (string, double, (string, double)[])[] tokens =
        [
            ("Feedback", -0.1, []), (":", -0.1, []), (" 좋다", -0.3, []), (".", -0.1, []), (" [", -0.1, []), ("RESULT", -0.01, []), ("]", -0.01, []), (" ", -0.01, []),
            ("4", -0.2, [("4", -0.2), ("3", -1.8), ("5", -3.0), ("x", -5.0)]),
        ];
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4") { Logprobs = tokens });

        var run = await CliRun.InvokeAsync(
            ["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--logprobs", "--rubric", "math", "--instruction", "q", "--response", "r"]);

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
    public async Task Without_logprobs_the_fields_stay_null()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));

        var run = await CliRun.InvokeAsync(["judge", "--endpoint", server.BaseAddress + "v1", "--model", "m", "--logprobs", "--rubric", "math", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.Success);
        using var row = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Null, row.RootElement.GetProperty("probabilities").ValueKind);
        Assert.Equal(4, row.RootElement.GetProperty("score").GetInt32());
    }
}
