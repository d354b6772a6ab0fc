using System.Globalization;
using KoJudge.Cli.Commands;
using KoJudge.Kudge;
using KoJudge.Meta;
using KoJudge.Statistics;
using static KoJudge.Cli.Reports.ReportPage;

namespace KoJudge.Cli.Reports;

/// <summary>
/// KUDGE's false-information check as the same kind of page as LogicKor's report: per kind of corruption the share
/// scored below the original, with its 95% Wilson interval and the small-n mark, and the run's metadata.
/// KUDGE has one human score per answer and no gold judge, so there is no ρ, heatmap or model level to show.
/// </summary>
public static class KudgeHtmlReport
{
    public static string Render(KudgeFalseInfoReport report, string judgeName, string judgedPath, MetaRunInfo run)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(run);
        var html = Begin("KoJudge KUDGE 허위 정보 점검 (false-information check)");
        html.Append("<p>").Append(Encode($"{judgeName} ({judgedPath}) on KUDGE's corrupted answers ({run.Gold}): a good judge scores each below its original human score. "
            + $"Intervals: 95% Wilson. ⚠ marks a rate over fewer than {JudgeReport.SmallN} answers.")).Append("</p>\n");
        html.Append("<table id=\"kudge-table\">\n<tr><th>변형 (corruption)</th><th>n</th><th>원점수 미만 (below original)</th><th>미만 아님 (not below)</th><th>판정 없음 (no verdict)</th><th>비율 (below rate)</th><th>95% CI</th></tr>\n");
        foreach (var (kind, counts) in MetaKudge.Rows(report))
        {
            var judged = counts.Below + counts.NotBelow;
            var interval = judged == 0 ? null : WilsonInterval.Compute(counts.Below, judged);
            html.Append(kind == "overall" ? "<tr class=\"overall\">" : "<tr>").Append("<td>").Append(Encode(kind)).Append("</td><td>").Append(N(counts.N)).Append("</td><td>")
                .Append(N(counts.Below)).Append("</td><td>").Append(N(counts.NotBelow)).Append("</td><td>").Append(N(counts.NoVerdict)).Append("</td><td>").Append(Figure(counts.BelowRate))
                .Append(judged < JudgeReport.SmallN ? $" <span class=\"warn small-n\">⚠ n&lt;{JudgeReport.SmallN}</span>" : "").Append("</td><td>")
                .Append(interval is { } ci ? $"[{Figure(ci.Low)}, {Figure(ci.High)}]" : "undefined").Append("</td></tr>\n");
        }
        html.Append("</table>\n");
        AppendRunInfo(html, run, "심판 (judge)", $"{judgeName}: {judgedPath}");
        html.Append("</section>\n");
        return End(html);
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
