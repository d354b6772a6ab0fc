using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed class ScoreDiffCommandTests
{
    private static string Evaluated(string org, string model) => SharedData.PathOf("data", "logickor", "v2", "evaluated", org, model, "default.jsonl");

    private static List<JsonObject> Rows(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l.TrimStart('\uFEFF'))!.AsObject()).ToList();

    private static double? Score(JsonObject row, string turn) => row[turn]?["judge_score"]?.GetValue<double?>();

    /// <summary>LogicKor's score (single mean and multi mean, averaged) of B minus A's, over the turns both scored, written out directly.</summary>
    private static double Direct(List<JsonObject> a, List<JsonObject> b, string? category)
    {
        var byId = b.ToDictionary(r => r["id"]!.GetValue<int>());
        var paired = a.Where(r => category is null || r["category"]!.GetValue<string>() == category)
            .Where(r => byId.ContainsKey(r["id"]!.GetValue<int>()))
            .Select(r => (A: r, B: byId[r["id"]!.GetValue<int>()]))
            .ToList();
        double Mean(string turn, Func<(JsonObject A, JsonObject B), JsonObject> side) =>
            paired.Where(p => Score(p.A, turn) is not null && Score(p.B, turn) is not null).Average(p => Score(side(p), turn)!.Value);
        return (Mean("query_single", p => p.B) + Mean("query_multi", p => p.B)) / 2 - (Mean("query_single", p => p.A) + Mean("query_multi", p => p.A)) / 2;
    }

    [Fact]
    public async Task Diff_prints_each_categorys_difference_with_an_interval_and_one_equals_a_direct_computation()
    {
        var a = Evaluated("openai", "gpt-4-1106-preview");
        var b = Evaluated("openai", "gpt-4o-2024-05-13");

        var table = await CliRun.InvokeAsync(["logickor", "score", a, b, "--diff"]);
        var (json, written) = await ScoreJson.InvokeAsync(["logickor", "score", a, b, "--diff"]);

        table.AssertExit(ExitCodes.Success);
        json.AssertExit(ExitCodes.Success);
        using var result = JsonDocument.Parse(written);
        var grammar = result.RootElement.GetProperty("categories").GetProperty("문법(Grammar)");
        var expected = Direct(Rows(a), Rows(b), "문법(Grammar)");
        Assert.Equal(expected, grammar.GetProperty("difference").GetDouble(), precision: 12);
        Assert.Equal(Direct(Rows(a), Rows(b), null), result.RootElement.GetProperty("overall").GetProperty("difference").GetDouble(), precision: 12);
        foreach (var row in result.RootElement.GetProperty("categories").EnumerateObject().Select(c => c.Value).Append(result.RootElement.GetProperty("overall")))
        {
            Assert.InRange(row.GetProperty("difference").GetDouble(), row.GetProperty("ci_low").GetDouble(), row.GetProperty("ci_high").GetDouble());
        }
        var low = grammar.GetProperty("ci_low").GetDouble();
        var high = grammar.GetProperty("ci_high").GetDouble();
        Assert.True(high > low, $"[{low}, {high}]");
        string Signed(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        Assert.Matches($"문법\\(Grammar\\) .*{Regex(Signed(expected))} .*\\[{Regex(Signed(low))}, {Regex(Signed(high))}\\]", table.Out);
        Assert.Contains("overall", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpaired_questions_and_turns_scored_on_one_side_are_left_out_of_both_and_named()
    {
        var a = Evaluated("openai", "gpt-4-1106-preview");
        var rowsB = Rows(Evaluated("openai", "gpt-4o-2024-05-13"));
        // B lacks question 3, and its judgment of question 9's second turn failed.
        rowsB.RemoveAll(r => r["id"]!.GetValue<int>() == 3);
        var nine = rowsB.Single(r => r["id"]!.GetValue<int>() == 9);
        nine["query_multi"]!["judge_score"] = null;
        nine["query_multi"]!["error"] = "no verdict after 3 attempts";
        var b = Path.Combine(Directory.CreateTempSubdirectory("kojudge-diff-").FullName, "b.jsonl");
        await File.WriteAllLinesAsync(b, rowsB.Select(r => r.ToJsonString()), TestContext.Current.CancellationToken);

        var (json, written) = await ScoreJson.InvokeAsync(["logickor", "score", a, b, "--diff"]);
        var table = await CliRun.InvokeAsync(["logickor", "score", a, b, "--diff"]);

        json.AssertExit(ExitCodes.Success);
        using var result = JsonDocument.Parse(written);
        Assert.Equal([3], result.RootElement.GetProperty("only_in_a").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1, result.RootElement.GetProperty("unpaired_turns").GetInt32());
        Assert.Equal(41, result.RootElement.GetProperty("overall").GetProperty("questions").GetInt32());
        Assert.Equal(81, result.RootElement.GetProperty("overall").GetProperty("turns").GetInt32());
        Assert.Equal(Direct(Rows(a), rowsB, null), result.RootElement.GetProperty("overall").GetProperty("difference").GetDouble(), precision: 12);
        Assert.Contains("left out: questions only in A 3, only in B none; turns scored on one side only: 1.", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_wants_exactly_two_files()
    {
        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated("openai", "gpt-4o-2024-05-13"), "--diff"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("--diff compares two judgment files, A and B; 1 were given", run.Error, StringComparison.Ordinal);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
