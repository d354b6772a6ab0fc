using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

/// <summary>
/// <c>kojudge compare</c> against a scripted OpenAI-compatible judge that knows the better answer of every pair but,
/// on a third of them (pair n with n divisible by 3), prefers whichever answer it is shown first. Those pairs, and only
/// those, must come out as ties flagged flipped; every other pair must get its better answer, whichever side it is on.
/// </summary>
public sealed partial class CompareCommandTests
{
    private const int Pairs = 60;

    private static bool PositionBiased(int n) => n % 3 == 0;

    // The better answer is on side A for even pairs and on side B for odd ones, so position and quality are unrelated.
    private static string Better(int n) => n % 2 == 0 ? "A" : "B";

    private static (string Input, string Output, List<string> Ids) SixtyPairs(string directory)
    {
        var input = Path.Combine(directory, "pairs.jsonl");
        var ids = Enumerable.Range(0, Pairs).Select(n => $"pair-{n}").ToList();
        File.WriteAllLines(input, Enumerable.Range(0, Pairs).Select(n => JsonSerializer.Serialize(new
        {
            id = ids[n],
            instruction = $"문제 {n}: {n} 더하기 {n}은?",
            response_a = Better(n) == "A" ? $"좋은 답 {2 * n}" : $"나쁜 답 {2 * n + 1}",
            response_b = Better(n) == "B" ? $"좋은 답 {2 * n}" : $"나쁜 답 {2 * n + 1}",
            rubric = "math",
            model_a = "model-a",
            model_b = "model-b",
        })));
        return (input, Path.Combine(directory, "compared.jsonl"), ids);
    }

    /// <summary>The judge: reads the pair's number and which answer it was shown first, and says which it prefers.</summary>
    private static ScriptedReply Judge(RecordedRequest request, TimeSpan delay)
    {
        var prompt = request.LastMessage;
        var n = int.Parse(PairNumber().Match(prompt).Groups[1].Value, CultureInfo.InvariantCulture);
        var shownFirst = prompt[prompt.IndexOf("###응답 A:", StringComparison.Ordinal)..prompt.IndexOf("###응답 B:", StringComparison.Ordinal)];
        var letter = PositionBiased(n) ? "A" : shownFirst.Contains("좋은 답", StringComparison.Ordinal) ? "A" : "B";
        var reply = new ScriptedReply.Text($"Feedback: 응답 {letter}의 계산이 맞습니다. [RESULT] {letter}");
        return delay > TimeSpan.Zero ? new ScriptedReply.Slow(delay, reply) : reply;
    }

    private static void AssertFlipsExactlyWhereTheJudgeFollowedThePosition(string output)
    {
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Pairs, rows.Count);
        foreach (var row in rows)
        {
            var n = int.Parse(row.GetProperty("id").GetString()!["pair-".Length..], CultureInfo.InvariantCulture);
            var asGiven = row.GetProperty("as_given").GetProperty("verdict").GetString();
            var swapped = row.GetProperty("swapped").GetProperty("verdict").GetString();
            Assert.Equal(PositionBiased(n), row.GetProperty("flipped").GetBoolean());
            Assert.Equal(PositionBiased(n) ? "tie" : Better(n), row.GetProperty("verdict").GetString());
            // Each order's verdict is in the input's labels: the biased judge's "A" is response_b when swapped.
            Assert.Equal(PositionBiased(n) ? ("A", "B") : (Better(n), Better(n)), (asGiven, swapped));
            Assert.Equal(2, row.GetProperty("attempts").GetInt32());
            Assert.Equal(("model-a", "model-b"), (row.GetProperty("model_a").GetString(), row.GetProperty("model_b").GetString()));
            Assert.Equal(JsonValueKind.Null, row.GetProperty("error").ValueKind);
            Assert.Matches("^[0-9a-f]{32}$", row.GetProperty("request_hash").GetString()!);
        }
    }

    [Fact]
    public async Task Sixty_pairs_against_a_judge_that_prefers_position_A_a_third_of_the_time_flip_exactly_there()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-").FullName;
        var (input, output, _) = SixtyPairs(directory);
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request, TimeSpan.Zero));

        var run = await CliRun.InvokeAsync(["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", output, "--concurrency", "8"]);

        run.AssertExit(ExitCodes.Success);
        AssertFlipsExactlyWhereTheJudgeFollowedThePosition(output);
        Assert.Equal(2 * Pairs, server.Requests.Count);
        Assert.Contains("done: 60 pairs: 0 already in", run.Error, StringComparison.Ordinal);
        Assert.Contains("flipped: 20 of 60 pairs with a verdict (33.3%); 20 ties in all", run.Error, StringComparison.Ordinal);

        var rerun = await CliRun.InvokeAsync(["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", output]);

        rerun.AssertExit(ExitCodes.Success);
        Assert.Contains("done: 60 pairs: 60 already in", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(2 * Pairs, server.Requests.Count);
        AssertFlipsExactlyWhereTheJudgeFollowedThePosition(output);
    }

    [Fact]
    public async Task Two_shards_of_a_compare_run_merge_into_the_rows_one_run_writes_and_a_judge_row_among_them_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-").FullName;
        var (input, _, _) = SixtyPairs(directory);
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request, TimeSpan.Zero));
        var parts = new[] { Path.Combine(directory, "part1.jsonl"), Path.Combine(directory, "part2.jsonl") };
        foreach (var (part, shard) in parts.Zip(new[] { "1/2", "2/2" }))
        {
            var run = await CliRun.InvokeAsync(["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", part, "--shard", shard]);
            run.AssertExit(ExitCodes.Success);
        }
        var merged = Path.Combine(directory, "all.jsonl");

        var merge = await CliRun.InvokeAsync(["merge", "--output", merged, .. parts]);

        merge.AssertExit(ExitCodes.Success);
        Assert.Equal(Pairs, File.ReadAllLines(merged).Length);
        Assert.Equal(File.ReadAllLines(parts[0]).Concat(File.ReadAllLines(parts[1])), File.ReadAllLines(merged));
        AssertFlipsExactlyWhereTheJudgeFollowedThePosition(merged);

        var judgeRows = Path.Combine(directory, "judge.jsonl");
        File.WriteAllLines(judgeRows, [SmallInputs.ResultRow("x", "h-x")]);
        var mixed = await CliRun.InvokeAsync(["merge", "--output", Path.Combine(directory, "mixed.jsonl"), parts[0], judgeRows]);
        mixed.AssertExit(ExitCodes.BadInput);
        Assert.StartsWith($"error: {judgeRows}:1: field 'score': a judge result row among compare verdict rows", mixed.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compare_run_killed_five_times_resumes_and_ends_with_every_pair_once_and_the_same_flips()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-kill-").FullName;
        var (input, output, ids) = SixtyPairs(directory);
        // Each reply takes a moment, so the kills find pairs in flight.
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request, TimeSpan.FromMilliseconds(25)));

        var soak = await KillSoak.RunAsync(
            ["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", output, "--concurrency", "4"],
            output, KillMoment.Spread(seed: 20261, kills: 5, Pairs, margin: 15),
            new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = Path.Combine(directory, "cache") });

        soak.AssertEachIdOnceAndEveryRowAKillLeftKept(new Dictionary<string, IReadOnlyList<string>> { [output] = ids }, row => row.GetProperty("id").GetString()!);
        AssertFlipsExactlyWhereTheJudgeFollowedThePosition(output);
    }

    [Fact]
    public async Task A_pair_without_a_verdict_exits_3_and_retry_failed_judges_it_again()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-").FullName;
        var (input, output, _) = SixtyPairs(directory);
        var down = true;
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) =>
            down && request.LastMessage.Contains("문제 7:", StringComparison.Ordinal) ? new ScriptedReply.Text("Feedback: 잘 모르겠습니다.") : Judge(request, TimeSpan.Zero));
        string[] args = ["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", output, "--retries", "0"];

        var first = await CliRun.InvokeAsync(args);
        down = false;
        var second = await CliRun.InvokeAsync([.. args, "--retry-failed"]);

        first.AssertExit(ExitCodes.NoVerdict);
        Assert.Contains("59 with a verdict, 1 failed (1 no_verdict", first.Error, StringComparison.Ordinal);
        second.AssertExit(ExitCodes.Success);
        Assert.Contains("took 1 failed rows out of", second.Error, StringComparison.Ordinal);
        AssertFlipsExactlyWhereTheJudgeFollowedThePosition(output);
    }

    [Theory]
    [InlineData("""{"id": "x", "instruction": "q", "response_a": "a"}""", "pairs.jsonl:2: field 'response_b': missing")]
    [InlineData("""{"id": "x", "instruction": "q", "response_a": "a", "response_b": "b", "rubric": "poetry"}""", "pairs.jsonl:2: field 'rubric': unknown rubric")]
    [InlineData("""{"id": "a", "instruction": "q", "response_a": "a", "response_b": "b"}""", "pairs.jsonl:2: field 'id': duplicate id 'a' (first on line 1)")]
    [InlineData("""{"id": "x", "instruction": "q", """, "pairs.jsonl:2")]
    public async Task A_bad_line_exits_2_naming_file_line_and_field_before_any_request(string badLine, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-bad-").FullName;
        var input = Path.Combine(directory, "pairs.jsonl");
        File.WriteAllLines(input, ["""{"id": "a", "instruction": "q", "response_a": "a", "response_b": "b"}""", badLine]);
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) => Judge(request, TimeSpan.Zero));

        var run = await CliRun.InvokeAsync(["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", Path.Combine(directory, "out.jsonl")]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_template_from_a_file_is_what_the_judge_sees_and_its_verdicts_are_read_in_the_format_named()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-template-").FullName;
        var input = Path.Combine(directory, "pairs.jsonl");
        File.WriteAllText(input, """{"id": "p", "instruction": "질문", "response_a": "첫째", "response_b": "둘째"}""" + "\n");
        var template = Path.Combine(directory, "arena.txt");
        File.WriteAllText(template, "[Q]{instruction}[A]{response_a}[B]{response_b}[R]{reference}");
        await using var server = await ScriptedOpenAIServer.StartAsync((request, _) =>
            new ScriptedReply.Text(request.LastMessage.StartsWith("[Q]질문[A]첫째", StringComparison.Ordinal) ? "A가 훨씬 낫다. [[A>>B]]" : "B가 조금 낫다. [[B>A]]"));
        var output = Path.Combine(directory, "out.jsonl");

        var run = await CliRun.InvokeAsync(["compare", "--endpoint", server.BaseAddress + "v1", "--model", "judge", "--input", input, "--output", output,
            "--template", template, "--verdict-format", "arena"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Equal(
            new[] { "[Q]질문[A]첫째[B]둘째[R]", "[Q]질문[A]둘째[B]첫째[R]" }.Order(StringComparer.Ordinal),
            server.Requests.Select(r => r.LastMessage).Order(StringComparer.Ordinal));
        using var row = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("A", row.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(1, row.RootElement.GetProperty("margin").GetInt32());
        Assert.Equal(2, row.RootElement.GetProperty("as_given").GetProperty("margin").GetInt32());
    }

    [Fact]
    public async Task A_template_without_a_response_slot_exits_2_naming_the_file_and_slot()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-compare-template-").FullName;
        var template = Path.Combine(directory, "bad.txt");
        File.WriteAllText(template, "{instruction} {response_a}");
        var input = Path.Combine(directory, "pairs.jsonl");
        File.WriteAllText(input, """{"id": "p", "instruction": "질문", "response_a": "첫째", "response_b": "둘째"}""" + "\n");

        var run = await CliRun.InvokeAsync(["compare", "--endpoint", "http://127.0.0.1:9/v1", "--model", "judge", "--input", input, "--output", Path.Combine(directory, "o.jsonl"), "--template", template]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"--template {template}: the template has no {{response_b}} slot", run.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"문제 (\d+):")]
    private static partial Regex PairNumber();
}
