using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Cli.Tests.Support;
using KoJudge.Ranking;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class RankCommandTests
{
    private static readonly (string Model, double Elo, int Length)[] Known =
    [
        ("openai/gpt-4-1106-preview", 1000, 900), ("Qwen/Qwen2-7B-Instruct", 920, 700), ("yanolja/EEVE-Korean-10.8B-v1.0", 780, 500),
        ("mistralai/mistral-7b-instruct-v0.3", 640, 800), ("google/gemma-2-9b-it", 1080, 600),
    ];

    /// <summary>Battles as `kojudge compare` writes its rows, plus one row without a verdict.</summary>
    private static (string Path, List<Battle> Battles) VerdictFile(IReadOnlyList<Battle> battles)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-rank-").FullName, "compared.jsonl");
        var rows = battles.Select((x, i) => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = i,
            ["model_a"] = x.ModelA,
            ["model_b"] = x.ModelB,
            ["verdict"] = x.ScoreA switch { 1 => "A", 0 => "B", _ => "tie" },
            ["flipped"] = x.Flipped,
            ["length_a"] = x.LengthA,
            ["length_b"] = x.LengthB,
        })).Append("""{"id": "failed", "model_a": "openai/gpt-4-1106-preview", "model_b": "google/gemma-2-9b-it", "verdict": null, "flipped": false}""");
        File.WriteAllLines(path, rows);
        return (path, battles.ToList());
    }

    [Fact]
    public async Task Rank_recovers_the_known_order_and_its_ratings_equal_an_independent_maximum_likelihood_fit()
    {
        var (path, battles) = VerdictFile(SyntheticBattles.Draw(Known, perPair: 80, seed: 11, flipChance: 0.1));
        var json = Path.Combine(Path.GetDirectoryName(path)!, "board.json");
        // The baseline is in every battle only when the others never meet; here all pairs meet, so the anchor is named.
        var oracle = GradientAscentBradleyTerry.Fit(battles, "openai/gpt-4-1106-preview").Ratings;

        var run = await CliRun.InvokeAsync(["rank", "--verdicts", path, "--anchor", "openai/gpt-4-1106-preview", "--bootstrap", "300", "--json", json]);

        run.AssertExit(ExitCodes.Success);
        using var board = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var models = board.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal("openai/gpt-4-1106-preview", board.RootElement.GetProperty("anchor").GetString());
        Assert.Equal(300, board.RootElement.GetProperty("bootstrap").GetInt32());
        Assert.Equal(Known.OrderByDescending(k => k.Elo).Select(k => k.Model), models.Select(m => m.GetProperty("model").GetString()));
        foreach (var model in models)
        {
            var name = model.GetProperty("model").GetString()!;
            var rating = model.GetProperty("rating").GetDouble();
            Assert.Equal(oracle[name], rating, tolerance: 0.5);
            Assert.InRange(rating, model.GetProperty("ci_low").GetDouble(), model.GetProperty("ci_high").GetDouble());
            var own = battles.Where(x => x.ModelA == name || x.ModelB == name).ToList();
            Assert.Equal(own.Count, model.GetProperty("battles").GetInt32());
            Assert.Equal((double)own.Count(x => x.Flipped) / own.Count, model.GetProperty("flip_rate").GetDouble(), precision: 12);
            // The figures take 47 columns and a space, so a name longer than 32 goes on over the next line.
            var wrapped = name.Length > 32 ? $"\n{Regex.Escape(name[32..])}\n" : "\n";
            Assert.Matches($"(?m)^{Regex.Escape(name[..Math.Min(name.Length, 32)])} +{rating:0} [^\n]*{wrapped}", run.Out.ReplaceLineEndings("\n"));
        }
        Assert.Equal(1, board.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(1, models.Single(m => m.GetProperty("model").GetString() == "google/gemma-2-9b-it").GetProperty("failed").GetInt32());
        var wide = run.Out.Split('\n').Where(l => l.TrimEnd('\r').Length > 80).ToList();
        Assert.True(wide.Count == 0, "lines over 80 columns:\n" + string.Join("\n", wide));
    }

    [Fact]
    public async Task The_leaderboard_HTML_renders_in_headless_Chromium_with_its_table_and_interval_plot()
    {
        var (path, _) = VerdictFile(SyntheticBattles.Draw(Known, perPair: 40, seed: 12));
        var report = Path.Combine(Path.GetDirectoryName(path)!, "leaderboard.html");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "leaderboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var run = await CliRun.InvokeAsync(["rank", "--verdicts", path, "--bootstrap", "200", "--html", report]);
        var dom = await HeadlessChromium.RunAsync("--dump-dom", new Uri(report).AbsoluteUri);
        await HeadlessChromium.RunAsync("--window-size=1200,1100", $"--screenshot={screenshot}", new Uri(report).AbsoluteUri);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("<table id=\"leaderboard\">", dom, StringComparison.Ordinal);
        // The header and one row per model, the anchor (the first by name) in bold.
        Assert.Equal(1 + Known.Length, Regex.Count(dom, "<tr[ >]"));
        Assert.Matches("<tr class=\"anchor\"><td>Qwen/Qwen2-7B-Instruct</td><td>1000\\.0</td><td>\\[1000\\.0, 1000\\.0\\]</td>", dom);
        Assert.Matches("<tr><td>google/gemma-2-9b-it</td><td>1[0-9]{3}\\.[0-9]</td><td>\\[[0-9]+\\.[0-9], [0-9]+\\.[0-9]\\]</td>", dom);
        Assert.Contains("<figure id=\"interval-plot\"><svg", dom, StringComparison.Ordinal);
        // Every model's name is a tick label of the plot.
        var svg = dom[dom.IndexOf("<figure id=\"interval-plot\">", StringComparison.Ordinal)..];
        Assert.All(Known, k => Assert.Contains(k.Model, svg, StringComparison.Ordinal));
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or blank");
    }

    [Fact]
    public async Task Length_control_needs_lengths_and_names_the_row_without_them()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-rank-").FullName, "compared.jsonl");
        await File.WriteAllLinesAsync(path, [
            """{"model_a": "x", "model_b": "y", "verdict": "A", "length_a": 5, "length_b": 9}""",
            """{"model_a": "y", "model_b": "x", "verdict": "A"}""",
        ], TestContext.Current.CancellationToken);

        var plain = await CliRun.InvokeAsync(["rank", "--verdicts", path, "--bootstrap", "0"]);
        var controlled = await CliRun.InvokeAsync(["rank", "--verdicts", path, "--length-control"]);

        plain.AssertExit(ExitCodes.Success);
        controlled.AssertExit(ExitCodes.BadInput);
        Assert.Equal($"error: {path}:2: field 'length_a': missing; length control needs both answers' lengths in characters\n", controlled.Error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("""{"model_a": "x", "model_b": "y", "verdict": "C"}""", "compared.jsonl:2: field 'verdict': 'C' is none of \"A\", \"B\", \"tie\" or null")]
    [InlineData("""{"model_a": "z", "model_b": "w", "verdict": "tie"}""", "the battles fall into 2 groups that never met, so no rating compares across them: {w, z}; {x, y}")]
    [InlineData("""{"model_a": "z", "model_b": "x", "verdict": "A"}""", "z won every battle against x, y, so the maximum-likelihood ratings are infinite")]
    public async Task Battles_that_give_no_ranking_are_refused_on_one_line_with_exit_2(string row, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-rank-").FullName, "compared.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"model_a": "x", "model_b": "y", "verdict": "A"}""", row, """{"model_a": "y", "model_b": "x", "verdict": "A"}"""], TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync(["rank", "--verdicts", path]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task An_anchor_in_no_battle_is_refused_naming_the_models()
    {
        var (path, _) = VerdictFile(SyntheticBattles.Draw(Known[..2], perPair: 10, seed: 13));

        var run = await CliRun.InvokeAsync(["rank", "--verdicts", path, "--anchor", "nobody"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("the anchor 'nobody' is in no battle; the models are Qwen/Qwen2-7B-Instruct, openai/gpt-4-1106-preview", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_the_defaults()
    {
        var run = await CliRun.InvokeAsync(["rank", "--help"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("[default: 1000]", run.OutAsProse, StringComparison.Ordinal);
        Assert.Contains("--length-control", run.OutAsProse, StringComparison.Ordinal);
        Assert.Contains("the baseline, the one model in every battle", run.OutAsProse, StringComparison.Ordinal);
    }
}
