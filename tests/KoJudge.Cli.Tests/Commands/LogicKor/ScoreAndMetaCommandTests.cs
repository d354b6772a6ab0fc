using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed class ScoreAndMetaCommandTests
{
    private static string Gpt4o => SharedData.PathOf("data", "logickor", "v2", "evaluated", "openai", "gpt-4o-2024-05-13", "default.jsonl");

    [Fact]
    public async Task Score_prints_each_categorys_single_and_multi_means_and_the_overall_figures()
    {
        var rows = File.ReadAllLines(Gpt4o).Select(l => JsonDocument.Parse(l.TrimStart('\uFEFF')).RootElement).ToList();
        double Mean(IEnumerable<JsonElement> subset, string turn) => subset.Average(r => r.GetProperty(turn).GetProperty("judge_score").GetDouble());

        var table = await CliRun.InvokeAsync(["logickor", "score", Gpt4o]);
        var (json, written) = await ScoreJson.InvokeAsync(["logickor", "score", Gpt4o]);

        table.AssertExit(ExitCodes.Success);
        json.AssertExit(ExitCodes.Success);
        using var board = JsonDocument.Parse(Assert.Single(ScoreJson.Rows(written)));
        foreach (var category in rows.GroupBy(r => r.GetProperty("category").GetString()!))
        {
            var figures = board.RootElement.GetProperty("categories").GetProperty(category.Key);
            Assert.Equal(Mean(category, "query_single"), figures.GetProperty("single").GetDouble(), precision: 12);
            Assert.Equal(Mean(category, "query_multi"), figures.GetProperty("multi").GetDouble(), precision: 12);
            Assert.Contains(category.Key, table.Out, StringComparison.Ordinal);
        }
        var overall = board.RootElement.GetProperty("overall");
        Assert.Equal(Mean(rows, "query_single"), overall.GetProperty("single").GetDouble(), precision: 12);
        Assert.Equal(Mean(rows, "query_multi"), overall.GetProperty("multi").GetDouble(), precision: 12);
        Assert.Equal((Mean(rows, "query_single") + Mean(rows, "query_multi")) / 2, overall.GetProperty("overall").GetDouble(), precision: 12);
        Assert.Matches($@"1 +openai/gpt-4o-2024-05-13 +default +{(Mean(rows, "query_single") + Mean(rows, "query_multi")) / 2:0.00} +{Mean(rows, "query_single"):0.00} +{Mean(rows, "query_multi"):0.00} ", table.Out);
    }

    [Fact]
    public async Task Score_names_a_malformed_row()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, File.ReadAllLines(Gpt4o)[0] + "\n{\"id\": 2, \"category\": \"수학(Math)\"}\n", TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(["logickor", "score", path]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{path}:2: field 'questions': missing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meta_prints_the_floors_table_and_writes_its_JSON()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("kojudge-meta-").FullName, "out.json");

        var run = await CliRun.InvokeAsync(
            ["meta", "--gold", SharedData.PathOf("data", "logickor", "v2", "evaluated"), "--baseline", "hangul-chrf", "--strategy", "default", "--json", json]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("44 files, strategy default, turn single", run.Out, StringComparison.Ordinal);
        Assert.Contains("overall", run.Out, StringComparison.Ordinal);
        Assert.Contains("left out, baseline:hangul-chrf: 4 gold judge failed (LogicKor wrote 0)", run.Out, StringComparison.Ordinal);
        using var table = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var judge = table.RootElement.GetProperty("judges")[0];
        Assert.Equal("baseline:hangul-chrf", judge.GetProperty("name").GetString());
        var overall = judge.GetProperty("overall");
        Assert.Equal(1844, overall.GetProperty("n").GetInt32());
        Assert.InRange(overall.GetProperty("spearman").GetDouble(), 0.32, 0.35);
        foreach (var field in new[] { "spearman_ci", "kendall_tau_b", "pearson" })
        {
            Assert.True(overall.TryGetProperty(field, out _), field);
        }
        Assert.Equal(6, judge.GetProperty("categories").EnumerateObject().Count());
    }

    [Theory]
    [InlineData(new[] { "--baseline", "gpt" }, "--baseline gpt: use one of hangul, chrf, hangul-chrf")]
    [InlineData(new string[0], "give a judge: --judged NAME=PATH (repeatable), --baseline NAME or --bank [DIR]")]
    [InlineData(new[] { "--baseline", "hangul", "--strategy", "2-shot" }, "holds no files of the answer strategy '2-shot'; it has 1-shot, cot-1-shot, default")]
    public async Task Meta_explains_what_it_cannot_do(string[] flags, string message)
    {
        var run = await CliRun.InvokeAsync(["meta", "--gold", SharedData.PathOf("data", "logickor", "v2", "evaluated"), .. flags]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_refuses_a_judge_score_off_the_scale_with_file_line_and_field()
    {
        var path = Path.GetTempFileName();
        var second = File.ReadAllLines(Gpt4o)[1];
        var offScale = System.Text.RegularExpressions.Regex.Replace(second, "(\"query_single\":\\s*\\{[^}]*\"judge_score\":\\s*)[0-9.]+", "${1}100");
        Assert.NotEqual(second, offScale);
        await File.WriteAllTextAsync(path, File.ReadAllLines(Gpt4o)[0] + "\n" + offScale + "\n", TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(["logickor", "score", path]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{path}:2: field 'query_single.judge_score': must be null or a number from 0 to 10, not 100", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task An_empty_folder_is_an_error_for_score_and_for_meta_not_an_empty_success()
    {
        var empty = Directory.CreateTempSubdirectory("kojudge-empty-").FullName;

        var score = await CliRun.InvokeAsync(["logickor", "score", empty]);
        var meta = await CliRun.InvokeAsync(["meta", "--gold", Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Gpt4o)))!, "--judged", empty]);

        score.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{empty}: holds no LogicKor files (*.jsonl)", score.Error, StringComparison.Ordinal);
        meta.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{empty}: holds no LogicKor files (*.jsonl)", meta.Error, StringComparison.Ordinal);
    }
}
