using System.Globalization;
using System.Text;
using KoJudge.Meta;
using ScottPlot;
using static KoJudge.Cli.Reports.ReportPage;

namespace KoJudge.Cli.Reports;

/// <summary>
/// Several judges against the gold as one self-contained HTML file, for choosing a judge: the judges side by side,
/// ρ per category with intervals, paired differences, model-level agreement, score heatmaps with counts, and the
/// worst disagreements. The charts are ScottPlot's, inlined as SVG so the text stays text.
/// </summary>
public static class MetaHtmlReport
{
    private static readonly Color[] JudgeColors = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.Crimson, Colors.MediumPurple, Colors.SaddleBrown, Colors.Gray];

    private const int ExcerptLength = 200;

    public static string Render(MetaComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var html = Begin("KoJudge 메타 평가 (meta-evaluation)");
        html.Append("<p>").Append(Encode($"{comparison.Judges.Count} judges against {comparison.Run.Gold}: strategy {comparison.Run.Strategy}, turn {comparison.Run.Turn}. "
            + $"Intervals: 95% percentile bootstrap, {comparison.Resamples} resamples, seed {comparison.Seed}. ⚠ marks a figure over fewer than {JudgeReport.SmallN} items (or models)."))
            .Append("</p>\n");
        AppendJudges(html, comparison);
        AppendCategories(html, comparison);
        html.Append("<figure id=\"rho-chart\">").Append(RhoChart(comparison))
            .Append("<figcaption>범주별 Spearman ρ와 95% 구간 (Spearman's ρ per category, each judge's bar with its bootstrap interval).</figcaption></figure>\n");
        AppendDifferences(html, comparison);
        AppendModelLevel(html, comparison);
        AppendHeatmaps(html, comparison);
        AppendDisagreements(html, comparison);
        AppendMetadata(html, comparison.Run, comparison.Judges);
        return End(html);
    }

    private static void AppendJudges(StringBuilder html, MetaComparison comparison)
    {
        html.Append("<h2>심판 비교 (judges side by side)</h2>\n<table id=\"judges\">\n<tr><th>심판 (judge)</th><th>척도 (scale)</th><th>n</th><th>Spearman ρ</th><th>95% CI</th><th>CI 폭 (width)</th>")
            .Append("<th>Δρ vs floor [95% CI]</th><th>모델 수 (models)</th><th>모델 평균 ρ (model-level ρ)</th><th>exact</th><th>within 1</th></tr>\n");
        foreach (var judge in comparison.Judges)
        {
            html.Append("<tr data-judge=\"").Append(Encode(judge.Name)).Append("\"><td>").Append(Encode(judge.Name)).Append("</td><td>").Append(Encode(judge.Scale.Label)).Append("</td>")
                .Append(RhoCells(judge.Overall))
                .Append("<td>").Append(judge.Kind == MetaJudge.FloorKind ? "<span class=\"na\">—</span>" : DifferenceText(comparison.DifferenceOf(judge.Name, "floor", MetaComparison.Overall))).Append("</td>")
                .Append("<td>").Append(judge.ModelMeans.Count.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(Figure(judge.ModelSpearman)).Append(Warning(judge.ModelMeans.Count)).Append("</td>")
                .Append(AgreementCells(judge, judge.Overall)).Append("</tr>\n");
        }
        html.Append("</table>\n<p class=\"muted\">exact / within 1: on the 1–5 scale with the gold mapped 0–2→1, 3–4→2, 5–6→3, 7–8→4, 9–10→5, or on the gold's own 0–10; "
            + "n/a where a judge's scale is neither (the reason is on the cell). Δρ: paired bootstrap on the answers both scored; <b>bold</b> where the interval excludes 0.</p>\n");
    }

    private static void AppendCategories(StringBuilder html, MetaComparison comparison)
    {
        html.Append("<h2>범주별 (per category)</h2>\n<table id=\"categories\">\n<tr><th>범주 (category)</th><th>심판 (judge)</th><th>n</th><th>Spearman ρ</th><th>95% CI</th><th>CI 폭 (width)</th><th>Δρ vs floor [95% CI]</th><th>exact</th><th>within 1</th></tr>\n");
        foreach (var category in comparison.Categories)
        {
            foreach (var judge in comparison.Judges)
            {
                var summary = judge.Categories[category];
                html.Append("<tr data-category=\"").Append(Encode(category)).Append("\" data-judge=\"").Append(Encode(judge.Name)).Append("\"><td>").Append(Encode(category)).Append("</td><td class=\"name\">").Append(Encode(judge.Name)).Append("</td>")
                    .Append(RhoCells(summary))
                    .Append("<td>").Append(judge.Kind == MetaJudge.FloorKind ? "<span class=\"na\">—</span>" : DifferenceText(comparison.DifferenceOf(judge.Name, "floor", category))).Append("</td>")
                    .Append(AgreementCells(judge, summary)).Append("</tr>\n");
            }
        }
        html.Append("</table>\n");
    }

    private static string RhoCells(AgreementSummary summary) =>
        $"<td class=\"n\">{summary.N.ToString(CultureInfo.InvariantCulture)}</td><td class=\"rho\">{Figure(summary.Spearman)}{Warning(summary.N)}</td>"
        + (summary.SpearmanInterval is [var low, var high]
            ? $"<td>[{Figure(low)}, {Figure(high)}]</td><td class=\"ci-width\">{Figure(high - low)}</td>"
            : "<td>undefined</td><td>—</td>");

    private static string Warning(int n) => n < JudgeReport.SmallN
        ? $" <span class=\"warn small-n\" title=\"n = {n.ToString(CultureInfo.InvariantCulture)} &lt; {JudgeReport.SmallN}: read with care\">⚠ n&lt;{JudgeReport.SmallN}</span>"
        : "";

    private static string AgreementCells(JudgeReport judge, AgreementSummary summary) => judge.NoAgreementBecause is { } why
        ? $"<td class=\"na\" title=\"{Encode(why)}\">n/a</td><td class=\"na\" title=\"{Encode(why)}\">n/a</td>"
        : $"<td>{Figure(summary.ExactAgreement)}</td><td>{Figure(summary.WithinOneAgreement)}</td>";

    private static string DifferenceText(RhoDifference? difference)
    {
        if (difference?.Difference is not { } value)
        {
            return "undefined";
        }
        var text = Encode($"{WithSign(value)} [{WithSign(difference.Low)}, {WithSign(difference.High)}]");
        return difference.ExcludesZero ? $"<b>{text}</b>" : text;
    }

    private static void AppendDifferences(StringBuilder html, MetaComparison comparison)
    {
        html.Append("<h2>심판 간 ρ 차이 (paired-bootstrap differences in ρ)</h2>\n<table id=\"differences\">\n<tr><th>범주 (category)</th><th>A − B</th><th>n</th><th>Δρ</th><th>95% CI</th><th>0 제외 (excludes 0)</th></tr>\n");
        foreach (var category in comparison.Categories.Append(MetaComparison.Overall))
        {
            foreach (var d in comparison.Differences.Where(d => d.Category == category))
            {
                html.Append(category == MetaComparison.Overall ? "<tr class=\"overall\">" : "<tr>").Append("<td>").Append(Encode(category)).Append("</td><td>").Append(Encode($"{d.A} − {d.B}")).Append("</td>")
                    .Append("<td>").Append(d.N.ToString(CultureInfo.InvariantCulture)).Append(Warning(d.N)).Append("</td><td>").Append(WithSign(d.Difference)).Append("</td>")
                    .Append("<td>").Append(d.Low is null ? "undefined" : Encode($"[{WithSign(d.Low)}, {WithSign(d.High)}]")).Append("</td><td>").Append(d.ExcludesZero ? "yes" : "no").Append("</td></tr>\n");
            }
        }
        html.Append("</table>\n");
    }

    private static void AppendModelLevel(StringBuilder html, MetaComparison comparison)
    {
        html.Append("<h2>모델 수준 일치 (model-level agreement)</h2>\n<figure id=\"model-scatter\">").Append(ModelScatter(comparison))
            .Append("<figcaption>모델별 평균 점수: GPT-4 정답(가로) 대 심판(세로, 0–10으로 환산). Each point is one model's mean score, the gold's against the judge's (its scale mapped onto 0–10); the dashed line is agreement.</figcaption>\n")
            .Append("<details><summary>모델별 평균 (the points, model by model)</summary>\n<table id=\"model-means\">\n<tr><th>심판 (judge)</th><th>모델 (model)</th><th>n</th><th>GPT-4 평균 (gold mean)</th><th>심판 평균 (judge mean)</th></tr>\n");
        foreach (var judge in comparison.Judges)
        {
            foreach (var model in judge.ModelMeans)
            {
                html.Append("<tr data-judge=\"").Append(Encode(judge.Name)).Append("\"><td>").Append(Encode(judge.Name)).Append("</td><td>").Append(Encode(model.Model)).Append("</td><td>")
                    .Append(model.N.ToString(CultureInfo.InvariantCulture)).Append(Warning(model.N)).Append("</td><td>").Append(Figure(model.GoldMean)).Append("</td><td>").Append(Figure(model.JudgeMean)).Append("</td></tr>\n");
            }
        }
        html.Append("</table>\n</details>\n</figure>\n");
    }

    private static void AppendHeatmaps(StringBuilder html, MetaComparison comparison)
    {
        html.Append("<h2 id=\"heatmaps\">점수 분포 (score heatmaps)</h2>\n<p class=\"muted\">Each cell counts the answers with that judge score (row) and gold score (column); the colour scale is under each judge's maps.</p>\n");
        foreach (var judge in comparison.Judges)
        {
            var maximum = Math.Max(1, judge.Heatmaps.SelectMany(h => h.Counts).SelectMany(r => r).DefaultIfEmpty(0).Max());
            html.Append("<section class=\"judge-heatmaps\" data-judge=\"").Append(Encode(judge.Name)).Append("\"><h3>").Append(Encode($"{judge.Name} ({judge.Scale.Label})")).Append("</h3>\n<div class=\"heatmaps\">\n");
            foreach (var map in judge.Heatmaps)
            {
                html.Append("<figure><table class=\"heatmap\" data-judge=\"").Append(Encode(judge.Name)).Append("\" data-category=\"").Append(Encode(map.Category)).Append("\">\n<caption>")
                    .Append(Encode(map.Category)).Append("</caption>\n<tr><th rowspan=\"2\">심판 점수<br>(judge)</th><th colspan=\"").Append(map.GoldLabels.Count.ToString(CultureInfo.InvariantCulture))
                    .Append("\">GPT-4 정답 점수 (gold score)</th></tr>\n<tr>");
                foreach (var label in map.GoldLabels)
                {
                    html.Append("<th>").Append(Encode(label)).Append("</th>");
                }
                html.Append("</tr>\n");
                // The highest judge score on top, as a y axis runs.
                for (var row = map.Counts.Count - 1; row >= 0; row--)
                {
                    html.Append("<tr><th>").Append(Encode(map.JudgeLabels[row])).Append("</th>");
                    for (var column = 0; column < map.Counts[row].Count; column++)
                    {
                        var count = map.Counts[row][column];
                        html.Append("<td data-judge-score=\"").Append(Encode(map.JudgeLabels[row])).Append("\" data-gold-score=\"").Append(Encode(map.GoldLabels[column]))
                            .Append("\" data-count=\"").Append(count.ToString(CultureInfo.InvariantCulture)).Append("\" style=\"").Append(CellStyle(count, maximum)).Append("\">")
                            .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td>");
                    }
                    html.Append("</tr>\n");
                }
                html.Append("</table></figure>\n");
            }
            html.Append("</div>\n").Append(ColorScale(maximum)).Append("</section>\n");
        }
    }

    /// <summary>The colour scale of one judge's maps: swatches from 0 to the largest count, labelled.</summary>
    private static string ColorScale(int maximum)
    {
        var scale = new StringBuilder("<table class=\"color-scale\"><tr><th>칸의 답 수 (answers per cell)</th>");
        const int steps = 6;
        for (var i = 0; i < steps; i++)
        {
            var count = (int)Math.Round(maximum * i / (double)(steps - 1));
            scale.Append("<td style=\"").Append(CellStyle(count, maximum)).Append("\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td>");
        }
        return scale.Append("</tr></table>\n").ToString();
    }

    private static string CellStyle(int count, int maximum)
    {
        if (count == 0)
        {
            return "background:#f4f4f4;color:#999";
        }
        var fraction = count / (double)maximum;
        var colour = new ScottPlot.Colormaps.Viridis().GetColor(fraction);
        return $"background:{colour.ToHex()[..7]};color:{(fraction < 0.6 ? "#fff" : "#000")}";
    }

    private static void AppendDisagreements(StringBuilder html, MetaComparison comparison)
    {
        html.Append("<h2>가장 큰 불일치 ").Append(comparison.Disagreements.Count.ToString(CultureInfo.InvariantCulture))
            .Append("건 (the worst disagreements)</h2>\n<p class=\"muted\">Gap: |judge − gold| with both scales mapped onto 0–1; the floor is left out, being no judgment.</p>\n")
            .Append("<table id=\"disagreements\">\n<tr><th>심판 (judge)</th><th>모델 (model)</th><th>id</th><th>범주 (category)</th><th>차이 (gap)</th><th>GPT-4</th><th>심판 (judge)</th>")
            .Append("<th>질문, 답, 두 판정 (question, answer excerpt, both judgments)</th></tr>\n");
        foreach (var d in comparison.Disagreements)
        {
            html.Append("<tr data-judge=\"").Append(Encode(d.Judge)).Append("\" data-model=\"").Append(Encode(d.Model)).Append("\" data-id=\"").Append(d.Id.ToString(CultureInfo.InvariantCulture))
                .Append("\"><td>").Append(Encode(d.Judge)).Append("</td><td class=\"model\">").Append(Encode(d.Model)).Append("</td><td>").Append(d.Id.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Encode(d.Category))
                .Append("</td><td class=\"gap\">").Append(Figure(d.Gap)).Append("</td><td>").Append(Score(d.Gold)).Append("</td><td>").Append(Score(d.Judged)).Append("</td>")
                .Append("<td><div class=\"texts\">")
                .Append(Text("질문 (question)", d.Question)).Append(Text("답 발췌 (answer excerpt)", d.Answer))
                .Append(Text("GPT-4 판정 (gold feedback)", d.GoldFeedback)).Append(Text($"{d.Judge} 판정 (judge feedback)", d.JudgedFeedback))
                .Append("</div></td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string Score(double score) => score.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Text(string label, string? text) => $"<div class=\"text\"><b>{Encode(label)}</b>\n{Excerpt(text)}</div>";

    private static string Excerpt(string? text) => text is null
        ? "<span class=\"na\">—</span>"
        : Encode(text.Length > ExcerptLength ? string.Concat(text.AsSpan(0, ExcerptLength), "…") : text);

    private static string RhoChart(MetaComparison comparison)
    {
        var plot = new Plot();
        var groups = comparison.Categories.Append(MetaComparison.Overall).ToList();
        var judges = comparison.Judges;
        var width = judges.Count + 1.0;
        var ends = new List<double> { 0 };
        for (var j = 0; j < judges.Count; j++)
        {
            var bars = new List<Bar>();
            for (var g = 0; g < groups.Count; g++)
            {
                var summary = groups[g] == MetaComparison.Overall ? judges[j].Overall : judges[j].Categories[groups[g]];
                var x = g * width + j;
                bars.Add(new Bar { Position = x, Value = summary.Spearman ?? 0, FillColor = JudgeColors[j % JudgeColors.Length], Size = 0.9 });
                ends.Add(summary.Spearman ?? 0);
                if (summary.SpearmanInterval is [var low, var high])
                {
                    var whisker = plot.Add.Line(x, low, x, high);
                    whisker.Color = Colors.Black;
                    whisker.LineWidth = 1.5f;
                    ends.Add(low);
                    ends.Add(high);
                }
            }
            var series = plot.Add.Bars(bars);
            series.LegendText = judges[j].Name;
        }
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, groups.Count).Select(g => g * width + (judges.Count - 1) / 2.0).ToArray(),
            groups.Select(g => g == MetaComparison.Overall ? "전체(Overall)" : g).ToArray());
        // The axis runs from the data, interval ends included, so no whisker is cut at the plot's edge.
        var (bottom, top) = (ends.Min(), ends.Max());
        var pad = Math.Max(0.05, (top - bottom) * 0.06);
        plot.Axes.SetLimitsY(bottom - pad, top + pad);
        plot.Axes.SetLimitsX(-1, groups.Count * width - 1);
        return Finished(plot, "범주별 Spearman ρ (per category, 95% interval)", "범주 (category)", "Spearman ρ (심판 대 GPT-4)", 1100, 460);
    }

    private static string ModelScatter(MetaComparison comparison)
    {
        var plot = new Plot();
        var all = new List<double>();
        for (var j = 0; j < comparison.Judges.Count; j++)
        {
            var judge = comparison.Judges[j];
            var xs = judge.ModelMeans.Select(m => m.GoldMean).ToArray();
            var ys = judge.ModelMeans.Select(m => judge.Scale.Normalise(m.JudgeMean) * 10).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            points.Color = JudgeColors[j % JudgeColors.Length];
            points.MarkerSize = 7;
            points.LegendText = $"{judge.Name} (ρ {Figure(judge.ModelSpearman)}, {judge.ModelMeans.Count} models)";
            all.AddRange(xs);
            all.AddRange(ys);
        }
        var (low, high) = all.Count == 0 ? (0.0, 10.0) : (all.Min(), all.Max());
        var pad = Math.Max(0.2, (high - low) * 0.05);
        var diagonal = plot.Add.Line(low - pad, low - pad, high + pad, high + pad);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        plot.Axes.SetLimits(low - pad, high + pad, low - pad, high + pad);
        return Finished(plot, "모델 평균 점수 (model means: judge against gold)", "GPT-4 정답 평균 (gold mean, 0-10)", "심판 평균, 0-10 환산 (judge mean, rescaled)", 900, 560);
    }

    /// <summary>Every chart gets a title, both axis labels and a legend beside the plot (where it covers no bar or point), in the page's Korean-capable family.</summary>
    private static string Finished(Plot plot, string title, string bottom, string left, int width, int height)
    {
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = bottom;
        plot.Axes.Left.Label.Text = left;
        plot.ShowLegend(Edge.Right);
        plot.Font.Set(ChartFont);
        return InlineSvg.Of(plot, width, height);
    }
}
