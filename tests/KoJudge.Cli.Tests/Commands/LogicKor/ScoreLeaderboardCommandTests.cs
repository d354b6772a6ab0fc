using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.LogicKor;

public sealed partial class ScoreLeaderboardCommandTests
{
    private static string Evaluated => SharedData.PathOf("data", "logickor", "v2", "evaluated");

    private static string Json() => Path.Combine(Directory.CreateTempSubdirectory("kojudge-score-").FullName, "board.json");

    private static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static List<JsonObject> FileRows(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l.TrimStart('\uFEFF'))!.AsObject()).ToList();

    /// <summary>The table's data lines: rank, model, strategy, then the figures.</summary>
    private static List<string[]> TableRows(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => TableRow().IsMatch(l)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

    [Fact]
    public async Task Over_the_shared_folder_one_table_of_132_rows_sorted_by_overall_with_the_scale_named()
    {
        var json = Json();

        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated, "--json", json]);

        run.AssertExit(ExitCodes.Success);
        var rows = TableRows(run.Out);
        Assert.Equal(132, rows.Count);
        Assert.Equal(Enumerable.Range(1, 132).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        var printed = rows.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(printed.OrderDescending(), printed);
        Assert.Single(Regex.Matches(run.Out, "LogicKor scores, GPT-4 0–10 \\(132 rows\\)"));
        var sections = ReadJson(json)["sections"]!.AsArray();
        var section = Assert.Single(sections)!;
        Assert.Equal("GPT-4 0–10", section["scale"]!["label"]!.GetValue<string>());
        var overall = section["rows"]!.AsArray().Select(r => r!["overall"]!["overall"]!.GetValue<double>()).ToList();
        Assert.Equal(132, overall.Count);
        Assert.Equal(overall.OrderDescending(), overall);
    }

    [Fact]
    public async Task A_rows_figures_equal_LogicKors_means_computed_from_the_files_rows()
    {
        var file = Path.Combine(Evaluated, "openai", "gpt-4o-2024-05-13", "1-shot.jsonl");
        var rows = FileRows(file);
        double Mean(IEnumerable<JsonObject> subset, string turn) => subset.Average(r => r[turn]!["judge_score"]!.GetValue<double>());
        var json = Json();

        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated, "--json", json]);

        run.AssertExit(ExitCodes.Success);
        var row = ReadJson(json)["sections"]![0]!["rows"]!.AsArray()
            .Single(r => r!["model"]!.GetValue<string>() == "openai/gpt-4o-2024-05-13" && r["strategy"]!.GetValue<string>() == "1-shot")!;
        var (single, multi) = (Mean(rows, "query_single"), Mean(rows, "query_multi"));
        Assert.Equal(single, row["overall"]!["single"]!.GetValue<double>(), precision: 12);
        Assert.Equal(multi, row["overall"]!["multi"]!.GetValue<double>(), precision: 12);
        Assert.Equal((single + multi) / 2, row["overall"]!["overall"]!.GetValue<double>(), precision: 12);
        var expectedCells = new List<string> { F((single + multi) / 2), F(single), F(multi) };
        foreach (var category in new[] { "추론(Reasoning)", "수학(Math)", "글쓰기(Writing)", "코딩(Coding)", "이해(Understanding)", "문법(Grammar)" })
        {
            var subset = rows.Where(r => r["category"]!.GetValue<string>() == category).ToList();
            Assert.Equal(7, subset.Count);
            var mean = (Mean(subset, "query_single") + Mean(subset, "query_multi")) / 2;
            Assert.Equal(mean, row["categories"]![category]!["mean"]!.GetValue<double>(), precision: 12);
            expectedCells.Add(F(mean));
        }
        var printed = TableRows(run.Out).Single(r => r[1] == "openai/gpt-4o-2024-05-13" && r[2] == "1-shot");
        Assert.Equal(expectedCells, printed.Skip(3).Take(9));
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Rows_are_named_org_slash_model_from_the_layout_from_the_folder_and_from_the_LogicKor_root()
    {
        var expected = Directory.EnumerateFiles(Evaluated, "*.jsonl", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Evaluated, Path.GetDirectoryName(f)!).Replace(Path.DirectorySeparatorChar, '/') + " " + Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        var (fromFolder, fromRoot) = (Json(), Json());

        var folder = await CliRun.InvokeAsync(["logickor", "score", Evaluated, "--json", fromFolder]);
        var root = await CliRun.InvokeAsync(["logickor", "score", SharedData.PathOf("data", "logickor"), "--json", fromRoot]);

        folder.AssertExit(ExitCodes.Success);
        root.AssertExit(ExitCodes.Success);
        List<string> Names(string path) => ReadJson(path)["sections"]![0]!["rows"]!.AsArray()
            .Select(r => $"{r!["model"]!.GetValue<string>()} {r["strategy"]!.GetValue<string>()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Names(fromFolder));
        Assert.Equal(expected, Names(fromRoot));
        Assert.Contains("openai/gpt-4-0613", folder.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organisations_folder_keeps_the_organisation_in_each_name()
    {
        var openai = Path.Combine(Evaluated, "openai");
        var expected = Directory.EnumerateDirectories(openai).Select(d => $"openai/{Path.GetFileName(d)}").Order(StringComparer.Ordinal);
        var json = Json();

        var run = await CliRun.InvokeAsync(["logickor", "score", openai, "--strategy", "default", "--json", json]);

        run.AssertExit(ExitCodes.Success);
        Assert.Equal(expected, ReadJson(json)["sections"]![0]!["rows"]!.AsArray().Select(r => r!["model"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Strategy_after_the_paths_selects_that_strategy_in_one_table()
    {
        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated, "--strategy", "cot-1-shot"]);

        run.AssertExit(ExitCodes.Success);
        var rows = TableRows(run.Out);
        Assert.Equal(Directory.EnumerateFiles(Evaluated, "cot-1-shot.jsonl", SearchOption.AllDirectories).Count(), rows.Count);
        Assert.All(rows, r => Assert.Equal("cot-1-shot", r[2]));
    }

    [Fact]
    public async Task A_strategy_that_matches_nothing_is_an_error_naming_those_there_are()
    {
        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated, "--strategy", "2-shot"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("holds no files of the answer strategy '2-shot'; it has 1-shot, cot-1-shot, default", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task An_unknown_flag_after_the_paths_is_named_as_a_flag_not_as_a_missing_file()
    {
        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated, "--strategies", "default"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("unknown option --strategies", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("No such file", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A copy of a GPT-4 file as KoJudge's Prometheus judge would have written it: its judge named, scores 1-5.</summary>
    private static string PrometheusCopy(string source, string folder)
    {
        var path = Path.Combine(folder, "prometheus", "gpt-4o", "default.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, FileRows(source).Select(r =>
        {
            r["judge"] = "prometheus";
            foreach (var turn in new[] { "query_single", "query_multi" })
            {
                r[turn]!["judge_score"] = Math.Max(1, Math.Ceiling(r[turn]!["judge_score"]!.GetValue<double>() / 2));
            }
            return r.ToJsonString();
        }));
        return path;
    }

    [Fact]
    public async Task Files_of_two_judges_are_ranked_in_two_sections_each_with_its_scale_and_diff_between_them_is_refused()
    {
        var gpt4 = Path.Combine(Evaluated, "openai", "gpt-4o-2024-05-13", "default.jsonl");
        var prometheus = PrometheusCopy(gpt4, Directory.CreateTempSubdirectory("kojudge-scales-").FullName);
        var json = Json();

        var run = await CliRun.InvokeAsync(["logickor", "score", prometheus, Path.Combine(Evaluated, "maywell"), gpt4, "--json", json]);
        var diff = await CliRun.InvokeAsync(["logickor", "score", gpt4, prometheus, "--diff"]);

        run.AssertExit(ExitCodes.Success);
        var sections = ReadJson(json)["sections"]!.AsArray();
        Assert.Equal(["GPT-4 0–10", "Prometheus 1–5"], sections.Select(s => s!["scale"]!["label"]!.GetValue<string>()));
        Assert.Single(sections[1]!["rows"]!.AsArray());
        Assert.Equal(1 + Directory.EnumerateFiles(Path.Combine(Evaluated, "maywell"), "*.jsonl", SearchOption.AllDirectories).Count(), sections[0]!["rows"]!.AsArray().Count);
        var titles = Regex.Matches(run.Out, @"LogicKor scores, (.+) \((\d+) rows?\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["GPT-4 0–10", "Prometheus 1–5"], titles);
        // Each section ranks from 1: the Prometheus file is first among its own, not last among GPT-4's.
        Assert.Equal(2, TableRows(run.Out).Count(r => r[0] == "1"));
        diff.AssertExit(ExitCodes.BadInput);
        Assert.Contains("A is GPT-4 0–10, B is Prometheus 1–5", diff.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_80_columns_the_table_and_its_legend_fit()
    {
        var run = await CliRun.InvokeAsync(["logickor", "score", Evaluated], outputWidth: 80);

        run.AssertExit(ExitCodes.Success);
        var lines = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        // Hangul takes two columns of a terminal.
        Assert.All(lines, l => Assert.True(l.Sum(c => c is >= '\uAC00' and <= '\uD7A3' ? 2 : 1) <= 80, $"{l.Length}: {l}"));
        Assert.Contains(lines, l => l.Contains("scale GPT-4 0–10", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\d+ +\S+/\S+ +\S+ +\d+\.\d\d ")]
    private static partial Regex TableRow();
}
