using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using KoJudge.Meta;
using ScottPlot;

namespace KoJudge.Cli.Reports;

/// <summary>
/// The meta-evaluation as one self-contained HTML file: the table, a bar chart of Spearman's ρ per category with its
/// 95% interval beside the no-model floor, and a heatmap of judge score against gold score. The charts are ScottPlot's,
/// inlined as SVG so the text stays text and the file needs nothing beside it.
/// </summary>
public static partial class MetaHtmlReport
{
    public static string Render(MetaTable table, IReadOnlyList<MetaPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(pairs);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>KoJudge meta-evaluation</title>\n<style>\n")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #bbb;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("tr.overall{font-weight:bold}figure{margin:1.5em 0}figcaption{color:#555}figure image{image-rendering:pixelated}\n</style>\n</head>\n<body>\n")
            .Append("<h1>KoJudge meta-evaluation</h1>\n<p>")
            .Append(Encode($"Judge: {table.Judge}. Gold: {table.Gold}. Strategy {table.Strategy}, turn {table.Turn}. Floor: baseline:{table.Floor}."))
            .Append("</p>\n");
        AppendTable(html, table);
        AppendSideBySide(html, table);
        html.Append("<figure id=\"rho-chart\">").Append(RhoChart(table)).Append("<figcaption>Spearman's ρ per category with its 95% bootstrap interval (blue), beside the no-model floor (grey)")
            .Append(table.BankSpearman is null ? "" : " and the bank judge, leave-one-model-out (orange)").Append(".</figcaption></figure>\n");
        html.Append("<figure id=\"heatmap\">").Append(Heatmap(pairs)).Append("<figcaption>How often each judge score meets each gold score.</figcaption></figure>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void AppendTable(StringBuilder html, MetaTable table)
    {
        html.Append("<table id=\"meta-table\">\n<tr><th>category</th><th>n</th><th>Spearman ρ</th><th>95% CI</th><th>Kendall τ-b</th><th>Pearson r</th><th>exact</th><th>within 1</th><th>floor ρ</th>")
            .Append(table.BankSpearman is null ? "" : "<th>bank ρ</th>").Append("</tr>\n");
        foreach (var (name, summary) in table.Categories.Append(new KeyValuePair<string, AgreementSummary>("overall", table.Overall)))
        {
            html.Append(name == "overall" ? "<tr class=\"overall\">" : "<tr>")
                .Append("<td>").Append(Encode(name)).Append("</td><td>").Append(summary.N.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(Figure(summary.Spearman)).Append("</td>")
                .Append("<td>").Append(summary.SpearmanInterval is { } ci ? $"[{Figure(ci[0])}, {Figure(ci[1])}]" : "undefined").Append("</td>")
                .Append("<td>").Append(Figure(summary.KendallTauB)).Append("</td><td>").Append(Figure(summary.Pearson)).Append("</td>")
                .Append("<td>").Append(summary.ExactAgreement is null ? "-" : Figure(summary.ExactAgreement)).Append("</td>")
                .Append("<td>").Append(summary.WithinOneAgreement is null ? "-" : Figure(summary.WithinOneAgreement)).Append("</td>")
                .Append("<td>").Append(Figure(summary.FloorSpearman)).Append("</td>")
                .Append(table.BankSpearman is { } bank ? $"<td>{Figure(bank.GetValueOrDefault(name))}</td>" : "")
                .Append("</tr>\n");
        }
        html.Append("</table>\n");
        if (table.Excluded.Count > 0)
        {
            html.Append("<p>Left out: ").Append(Encode(string.Join(", ", table.Excluded.Select(e => $"{e.Value} {e.Key}")))).Append(".</p>\n");
        }
    }

    /// <summary>The floor, the bank judge and the judge under test, one row each.</summary>
    private static void AppendSideBySide(StringBuilder html, MetaTable table)
    {
        html.Append("<table id=\"side-by-side\">\n<tr><th></th><th>judge</th><th>n</th><th>Spearman ρ</th><th>models</th><th>ρ of model means</th><th>score MAE</th></tr>\n");
        foreach (var side in table.SideBySide)
        {
            html.Append("<tr class=\"").Append(Encode(side.Role)).Append("\"><td>").Append(Encode(side.Role)).Append("</td><td>").Append(Encode(side.Judge)).Append("</td>")
                .Append("<td>").Append(side.N.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Figure(side.Spearman)).Append("</td>")
                .Append("<td>").Append(side.Models.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Figure(side.ModelSpearman)).Append("</td>")
                .Append("<td>").Append(side.ScoreMeanAbsoluteError is null ? "-" : Figure(side.ScoreMeanAbsoluteError)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string RhoChart(MetaTable table)
    {
        var rows = table.Categories.Append(new KeyValuePair<string, AgreementSummary>("overall", table.Overall)).ToList();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var summary = rows[i].Value;
            bars.Add(new Bar { Position = i * 4, Value = summary.Spearman ?? 0, FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = i * 4 + 1, Value = summary.FloorSpearman ?? 0, FillColor = Colors.LightGray });
            if (table.BankSpearman is { } bank)
            {
                bars.Add(new Bar { Position = i * 4 + 2, Value = bank.GetValueOrDefault(rows[i].Key) ?? 0, FillColor = Colors.DarkOrange });
            }
        }
        plot.Add.Bars(bars);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Value.SpearmanInterval is { } ci)
            {
                var whisker = plot.Add.Line(i * 4, ci[0], i * 4, ci[1]);
                whisker.Color = Colors.Black;
                whisker.LineWidth = 2;
            }
        }
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, rows.Count).Select(i => i * 4 + 1.0).ToArray(),
            rows.Select(r => ShortName(r.Key)).ToArray());
        plot.Axes.Left.Label.Text = "Spearman rho";
        plot.Axes.Margins(bottom: 0);
        return InlineSvg.Of(plot, 900, 420);
    }

    /// <summary>Counts of (judge score, gold score): judge scores on 1-5 stay as they are; others fall into ten equal bins.</summary>
    private static string Heatmap(IReadOnlyList<MetaPair> pairs)
    {
        var plot = new Plot();
        if (pairs.Count > 0)
        {
            var fivePoint = pairs.All(p => p.Judged is >= 1 and <= 5 && p.Judged == Math.Floor(p.Judged));
            var (low, high) = (pairs.Min(p => p.Judged), pairs.Max(p => p.Judged));
            var judgeBins = fivePoint ? 5 : 10;
            int JudgeBin(double judged) => fivePoint
                ? (int)judged - 1
                : high > low ? Math.Min(judgeBins - 1, (int)((judged - low) / (high - low) * judgeBins)) : 0;
            var counts = new double[judgeBins, 11];
            foreach (var pair in pairs)
            {
                // Row 0 is drawn at the top: put the highest judge score there.
                counts[judgeBins - 1 - JudgeBin(pair.Judged), Math.Clamp((int)Math.Round(pair.Gold), 0, 10)]++;
            }
            var heatmap = plot.Add.Heatmap(counts);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.Smooth = false;
            var step = (high - low) / judgeBins;
            plot.Axes.Left.SetTicks(
                Enumerable.Range(0, judgeBins).Select(b => (double)b).ToArray(),
                Enumerable.Range(0, judgeBins).Select(b => fivePoint ? (b + 1).ToString(CultureInfo.InvariantCulture) : (low + b * step).ToString("0.#", CultureInfo.InvariantCulture)).ToArray());
            plot.Add.ColorBar(heatmap);
            plot.Axes.Bottom.Label.Text = "gold score (0-10)";
            plot.Axes.Left.Label.Text = fivePoint ? "judge score (1-5)" : $"judge score ({low:0.##} to {high:0.##}, 10 bins)";
        }
        return InlineSvg.Of(plot, 700, 420);
    }

    private static string ShortName(string category) => EnglishPart().Match(category) is { Success: true } m ? m.Groups[1].Value : category;

    private static string Figure(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "undefined";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"\(([^)]+)\)")]
    private static partial Regex EnglishPart();
}
