using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands.Meta;

/// <summary>
/// The report for choosing a judge, built from three judged sets and the floor, read as a DOM; every figure checked is
/// computed again here from the files, with a Spearman written out in the test.
/// </summary>
public sealed class MetaComparisonReportTests
{
    private static readonly Lazy<Task<(JudgedLogicKorSets Sets, CliRun Run, IDocument Dom)>> Built = new(BuildAsync);

    private static async Task<(JudgedLogicKorSets, CliRun, IDocument)> BuildAsync()
    {
        var sets = JudgedLogicKorSets.Make();
        var report = Path.Combine(Path.GetDirectoryName(sets.Gold)!, "report.html");
        var run = await CliRun.InvokeAsync(
            ["meta", "--gold", sets.Gold, "--judged", $"jitter={sets.Jitter}", "--judged", $"prometheus={sets.Prometheus}", "--judged", sets.Contrary, "--report", report],
            outputWidth: 80);
        var dom = new HtmlParser().ParseDocument(File.Exists(report) ? await File.ReadAllTextAsync(report) : "");
        return (sets, run, dom);
    }

    private static (string Name, Func<JudgedLogicKorSets, string> Folder, double Low, double High)[] Judged =>
    [
        ("jitter", s => s.Jitter, 0, 10),
        ("prometheus", s => s.Prometheus, 1, 5),
        ("contrary", s => s.Contrary, 0, 10),
    ];

    /// <summary>(model, id, category, gold, judged) for the answers a judged folder shares with the gold.</summary>
    private static List<(string Model, int Id, string Category, double Gold, double Judged)> Joined(JudgedLogicKorSets sets, string folder)
    {
        var judged = JudgedLogicKorSets.Scores(folder);
        return JudgedLogicKorSets.GoldRows(sets.Gold)
            .Where(g => judged.ContainsKey((g.Model, g.Id)))
            .Select(g => (g.Model, g.Id, g.Category, g.Gold, judged[(g.Model, g.Id)]))
            .ToList();
    }

    [Fact]
    public async Task The_side_by_side_table_has_a_row_per_judge_with_its_n_and_rho()
    {
        var (sets, run, dom) = await Built.Value;

        run.AssertExit(ExitCodes.Success);
        var rows = dom.QuerySelectorAll("#judges tr[data-judge]").ToList();
        Assert.Equal(["jitter", "prometheus", "contrary", "floor"], rows.Select(r => r.GetAttribute("data-judge")));
        foreach (var (name, folder, _, _) in Judged)
        {
            var pairs = Joined(sets, folder(sets));
            var row = rows.Single(r => r.GetAttribute("data-judge") == name);
            Assert.Equal(pairs.Count.ToString(CultureInfo.InvariantCulture), row.QuerySelector("td.n")!.TextContent);
            var rho = Spearman(pairs.Select(p => p.Gold).ToArray(), pairs.Select(p => p.Judged).ToArray());
            Assert.StartsWith(rho.ToString("0.000", CultureInfo.InvariantCulture), row.QuerySelector("td.rho")!.TextContent, StringComparison.Ordinal);
        }
        Assert.True(Spearman([.. Joined(sets, sets.Contrary).Select(p => p.Gold)], [.. Joined(sets, sets.Contrary).Select(p => p.Judged)]) < 0);
    }

    [Fact]
    public async Task The_model_level_scatter_has_one_point_per_model_per_judge()
    {
        var (sets, _, dom) = await Built.Value;

        var scatter = dom.QuerySelector("#model-scatter")!;
        Assert.NotNull(scatter.QuerySelector("svg"));
        foreach (var (name, folder, _, _) in Judged)
        {
            var models = Joined(sets, folder(sets)).GroupBy(p => p.Model).ToDictionary(g => g.Key, g => g.Average(p => p.Judged));
            var points = scatter.QuerySelectorAll($"#model-means tr[data-judge=\"{name}\"]").ToList();
            Assert.Equal(models.Count, points.Count);
            Assert.Equal(name == "contrary" ? 3 : 8, points.Count);
            foreach (var point in points)
            {
                var cells = point.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
                Assert.Equal(models[cells[1]].ToString("0.000", CultureInfo.InvariantCulture), cells[4]);
            }
            // The legend names every judge.
            Assert.Contains(scatter.QuerySelectorAll("svg text"), t => t.TextContent.Trim().StartsWith(name + " (ρ", StringComparison.Ordinal));
        }
        // ScottPlot draws each point, and each judge's legend marker, as an ellipse in the judge's colour.
        var byColour = scatter.QuerySelectorAll("svg ellipse").GroupBy(e => e.GetAttribute("fill")).Select(g => g.Count()).Order();
        Assert.Equal(new[] { 3 + 1, 8 + 1, 8 + 1, 8 + 1 }, byColour);
    }

    [Fact]
    public async Task Each_heatmap_counts_its_categorys_answers_cell_by_cell()
    {
        var (sets, _, dom) = await Built.Value;

        var pairs = Joined(sets, sets.Prometheus);
        foreach (var category in pairs.Select(p => p.Category).Distinct())
        {
            var map = dom.QuerySelector($"table.heatmap[data-judge=\"prometheus\"][data-category=\"{category}\"]")!;
            var cells = map.QuerySelectorAll("td[data-count]").ToList();
            Assert.Equal(5 * 11, cells.Count);
            Assert.Equal(pairs.Count(p => p.Category == category), cells.Sum(c => int.Parse(c.GetAttribute("data-count")!, CultureInfo.InvariantCulture)));
            foreach (var cell in cells)
            {
                var judged = double.Parse(cell.GetAttribute("data-judge-score")!, CultureInfo.InvariantCulture);
                var gold = double.Parse(cell.GetAttribute("data-gold-score")!, CultureInfo.InvariantCulture);
                Assert.Equal(pairs.Count(p => p.Category == category && p.Judged == judged && p.Gold == gold).ToString(CultureInfo.InvariantCulture), cell.TextContent);
            }
        }
        Assert.NotNull(dom.QuerySelector("section.judge-heatmaps[data-judge=\"prometheus\"] table.color-scale"));
    }

    [Fact]
    public async Task The_twenty_disagreements_are_the_largest_gaps_after_normalising_both_scales()
    {
        var (sets, _, dom) = await Built.Value;

        var gaps = Judged.SelectMany(j => Joined(sets, j.Folder(sets)).Select(p => Math.Abs((p.Judged - j.Low) / (j.High - j.Low) - p.Gold / 10))).OrderDescending().Take(20);
        var rows = dom.QuerySelectorAll("#disagreements tr[data-judge]").ToList();

        Assert.Equal(20, rows.Count);
        Assert.Equal(gaps.Select(g => g.ToString("0.000", CultureInfo.InvariantCulture)), rows.Select(r => r.QuerySelector("td.gap")!.TextContent));
        Assert.All(rows, row =>
        {
            var texts = row.QuerySelectorAll("div.text").Select(t => t.TextContent[(t.TextContent.IndexOf('\n', StringComparison.Ordinal) + 1)..]).ToList();
            Assert.Equal(4, texts.Count);
            Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t)));
            Assert.Contains(texts[3], new[] { "contrary", "prometheus-like" }.Concat(Enumerable.Range(0, 11).Select(g => $"jitter of {g}")));
        });
    }

    [Fact]
    public async Task A_rho_over_fewer_than_30_answers_carries_a_warning_and_its_interval_width()
    {
        var (sets, _, dom) = await Built.Value;

        var rows = dom.QuerySelectorAll("#categories tr[data-judge]").ToList();
        var contrary = Joined(sets, sets.Contrary);
        Assert.All(rows.Where(r => r.GetAttribute("data-judge") == "contrary"), row =>
        {
            Assert.True(contrary.Count(p => p.Category == row.GetAttribute("data-category")) < 30);
            Assert.NotNull(row.QuerySelector("td.rho .small-n"));
            Assert.Matches("^[0-9.]+$|^—$", row.QuerySelector("td.ci-width")?.TextContent ?? "—");
        });
        Assert.All(rows.Where(r => r.GetAttribute("data-judge") == "jitter"), row => Assert.Null(row.QuerySelector("td.rho .small-n")));
    }

    [Fact]
    public async Task The_report_names_its_version_command_date_and_judges()
    {
        var (_, _, dom) = await Built.Value;

        Assert.False(string.IsNullOrWhiteSpace(dom.QuerySelector("#version")?.TextContent));
        Assert.StartsWith("kojudge meta --gold ", dom.QuerySelector("#command")!.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$", dom.QuerySelector("#date")!.TextContent);
        var judges = dom.QuerySelectorAll("#judge-metadata tr").Skip(1).Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["jitter", "prometheus", "contrary", "floor"], judges.Select(j => j[0]));
        Assert.Contains("prometheus", judges[1][3], StringComparison.Ordinal);
        Assert.Equal("Prometheus 1–5", judges[1][2]);
    }

    [Fact]
    public async Task At_80_columns_the_side_by_side_table_fits_and_names_every_judge_in_every_category()
    {
        var (_, run, _) = await Built.Value;

        run.AssertExit(ExitCodes.Success);
        Assert.All(run.Out.Split('\n'), line => Assert.True(HelpConventions.DisplayWidth(line.TrimEnd()) <= 80, $"{HelpConventions.DisplayWidth(line.TrimEnd())} columns: {line}"));
        foreach (var judge in new[] { "jitter", "prometheus", "contrary", "floor" })
        {
            Assert.Equal(7, run.Out.Split('\n').Count(l => l.TrimStart().StartsWith(judge + " ", StringComparison.Ordinal) && char.IsDigit(l.TrimStart()[judge.Length..].TrimStart()[0])));
        }
    }

    /// <summary>Spearman's ρ written out: Pearson's r of average ranks.</summary>
    private static double Spearman(double[] x, double[] y)
    {
        static double[] Ranks(double[] v)
        {
            var order = v.Select((value, i) => (value, i)).OrderBy(p => p.value).ToArray();
            var ranks = new double[v.Length];
            for (var start = 0; start < order.Length;)
            {
                var end = start;
                while (end + 1 < order.Length && order[end + 1].value == order[start].value)
                {
                    end++;
                }
                for (var k = start; k <= end; k++)
                {
                    ranks[order[k].i] = (start + end) / 2.0 + 1;
                }
                start = end + 1;
            }
            return ranks;
        }
        var (rx, ry) = (Ranks(x), Ranks(y));
        var (mx, my) = (rx.Average(), ry.Average());
        var sxy = rx.Zip(ry, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(rx.Sum(a => (a - mx) * (a - mx)) * ry.Sum(b => (b - my) * (b - my)));
    }
}
