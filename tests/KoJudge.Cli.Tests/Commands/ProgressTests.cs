using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

/// <summary>The progress line as a command draws it on an 80-column terminal, from a run whose failures the server decides.</summary>
public sealed class ProgressTests
{
    private const string TooLong = "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.";

    [Theory]
    [InlineData("judge", "judged")]
    [InlineData("compare", "compared")]
    public async Task At_80_columns_the_line_redraws_in_place_fits_and_counts_the_failures_by_kind(string command, string verb)
    {
        // The server, not KoJudge, decides which items fail and why: 3 prompts too long, the rest answered.
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => request.LastMessage.Contains("너무 긴", StringComparison.Ordinal)
            ? new ScriptedReply.Status(400, Message: TooLong)
            : new ScriptedReply.Text(command == "judge" ? "Feedback: 좋다. [RESULT] 4" : "Feedback: A가 낫다. [RESULT] A"));
        var directory = Directory.CreateTempSubdirectory("kojudge-progress-").FullName;
        var input = Path.Combine(directory, "in.jsonl");
        var longOnes = new HashSet<int> { 2, 5, 7 };
        await File.WriteAllLinesAsync(input, Enumerable.Range(1, 9).Select(n =>
        {
            var instruction = longOnes.Contains(n) ? $"너무 긴 질문 {n}" : $"질문 {n}";
            return command == "judge"
                ? JsonSerializer.Serialize(new { id = $"i{n}", instruction, response = "답", rubric = "math" })
                : JsonSerializer.Serialize(new { id = $"i{n}", instruction, response_a = "답 A", response_b = "답 B", rubric = "math" });
        }), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(
            [command, "--endpoint", server.BaseAddress + "v1", "--model", "m", "--input", input, "--output", Path.Combine(directory, "out.jsonl")],
            errorTerminalWidth: 80);

        run.AssertExit(ExitCodes.NoVerdict);
        var draws = run.Error.Split('\r').Skip(1).Select(d => d.Split('\n')[0].Replace("\u001b[K", "", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(draws);
        Assert.All(draws, d => Assert.True(HelpConventions.DisplayWidth(d) <= 80, $"{HelpConventions.DisplayWidth(d)} columns: {d}"));
        Assert.All(draws, d => Assert.Matches($@"^(\[[#.]+\] )?{verb} \d+/9: ", d));
        Assert.Contains($"{verb} 9/9: ", draws[^1], StringComparison.Ordinal);
        Assert.Contains("3 failed (3 prompt too long)", draws[^1], StringComparison.Ordinal);
        Assert.Matches(@"/s, \d+:\d\d elapsed, \d+:\d\d left$", draws[^1]);
    }

    [Fact]
    public async Task Logickor_generate_draws_the_same_line_and_its_failures_match_the_rows_it_wrote()
    {
        // The first three requests are refused: with nothing answered yet they are three questions' first turns, so
        // three questions fail; a turn 2 is asked only after its turn 1 was answered.
        var refused = 0;
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => Interlocked.Increment(ref refused) <= 3
            ? new ScriptedReply.Status(400, Message: TooLong)
            : new ScriptedReply.Text("답변입니다."));
        var answers = Path.Combine(Directory.CreateTempSubdirectory("kojudge-progress-").FullName, "answers.jsonl");

        var run = await CliRun.InvokeAsync(
            ["logickor", "generate", "--logickor", SharedData.PathOf("data", "logickor"), "--limit", "9", "--output", answers,
             "--endpoint", server.BaseAddress + "v1", "--model", "m"],
            errorTerminalWidth: 80);

        run.AssertExit(ExitCodes.NoVerdict);
        var failedRows = File.ReadAllLines(answers).Count(l => l.Contains("\"prompt_too_long\"", StringComparison.Ordinal));
        Assert.Equal(3, failedRows);
        var draws = run.Error.Split('\r').Skip(1).Select(d => d.Split('\n')[0].Replace("\u001b[K", "", StringComparison.Ordinal)).ToList();
        Assert.All(draws, d => Assert.True(HelpConventions.DisplayWidth(d) <= 80, $"{HelpConventions.DisplayWidth(d)} columns: {d}"));
        Assert.Contains("answered 9/9: ", draws[^1], StringComparison.Ordinal);
        Assert.Contains($"{failedRows} failed ({failedRows} prompt too long)", draws[^1], StringComparison.Ordinal);
    }
}
