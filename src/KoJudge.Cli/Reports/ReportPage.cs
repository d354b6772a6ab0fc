using System.Globalization;
using System.Net;
using System.Text;
using KoJudge.Meta;

namespace KoJudge.Cli.Reports;

/// <summary>
/// The frame every meta-evaluation report shares: one Korean-capable sans-serif family for the page and its charts'
/// text, the table style, and the run's metadata (KoJudge's version, the command, the date, each judge).
/// </summary>
public static class ReportPage
{
    /// <summary>Fonts with Hangul first, so no label falls back to a serif or to boxes.</summary>
    public const string FontStack = "'Noto Sans CJK KR','Noto Sans KR','NanumGothic','Nanum Gothic','Apple SD Gothic Neo','Malgun Gothic',sans-serif";

    private static readonly string[] KoreanFamilies = ["Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Apple SD Gothic Neo", "Malgun Gothic"];

    /// <summary>
    /// The family the charts are drawn in: the first of the stack this machine has. ScottPlot places each glyph by this
    /// font's own measures, and a family without Hangul drops Korean labels altogether; none found, ScottPlot's detection picks one that has Hangul.
    /// </summary>
    public static string ChartFont { get; } =
        KoreanFamilies.FirstOrDefault(f => SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains(f, StringComparer.Ordinal)) ?? ScottPlot.Fonts.Detect("한글");

    public static StringBuilder Begin(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:").Append(FontStack).Append("}\n")
            .Append("body{margin:2em;max-width:1180px;color:#222}table{border-collapse:collapse;margin:.8em 0}")
            .Append("th,td{border:1px solid #bbb;padding:3px 8px;text-align:right}td{white-space:nowrap}th{font-size:92%}th:first-child,td:first-child{text-align:left}")
            .Append("tr.overall{font-weight:bold}figure{margin:1.5em 0}figcaption{color:#555;max-width:900px}")
            .Append(".warn{color:#b00020;font-weight:bold}.na{color:#888}.muted{color:#666}dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px}")
            .Append("dl.meta dt{font-weight:bold}dl.meta dd{margin:0}table.heatmap td{width:2.2em;text-align:center;padding:2px}")
            .Append("table.heatmap th{font-weight:normal}.heatmaps{display:flex;flex-wrap:wrap;gap:8px 24px}.heatmaps figure{margin:.5em 0}")
            .Append("td.text{text-align:left;white-space:normal}td.model{white-space:normal;max-width:180px;text-align:left}td.name{text-align:left}")
            .Append("div.texts{display:grid;grid-template-columns:1fr 1fr;gap:6px 12px;width:540px;text-align:left}")
            .Append("div.text{font-size:85%;white-space:pre-wrap;display:-webkit-box;-webkit-line-clamp:9;-webkit-box-orient:vertical;overflow:hidden}\n</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
    }

    /// <summary>The run's metadata, one judge a row with its kind, scale, source and the judge its rows name.</summary>
    public static void AppendMetadata(StringBuilder html, MetaRunInfo run, IEnumerable<JudgeReport> judges)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(judges);
        AppendRunInfo(html, run, "정답 (gold)", $"{run.Gold} ({run.GoldFiles} files, strategy {run.Strategy}, turn {run.Turn})");
        html.Append("<table id=\"judge-metadata\">\n<tr><th>심판 (judge)</th><th>종류 (kind)</th><th>척도 (scale)</th><th>모델·어댑터 (model, adapter)</th><th>출처 (source)</th></tr>\n");
        foreach (var judge in judges)
        {
            html.Append("<tr><td>").Append(Encode(judge.Name)).Append("</td><td>").Append(Encode(judge.Kind)).Append("</td><td>").Append(Encode(judge.Scale.Label))
                .Append("</td><td>").Append(ModelOf(judge)).Append("</td><td class=\"text\">").Append(Encode(judge.Source)).Append("</td></tr>\n");
        }
        html.Append("</table>\n</section>\n");
    }

    /// <summary>Opens the metadata section with KoJudge's version, the command, the date and one more line; the caller closes it.</summary>
    public static void AppendRunInfo(StringBuilder html, MetaRunInfo run, string term, string value)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(run);
        html.Append("<section id=\"metadata\">\n<h2>실행 정보 (run)</h2>\n<dl class=\"meta\">")
            .Append("<dt>KoJudge</dt><dd id=\"version\">").Append(Encode(run.Version)).Append("</dd>")
            .Append("<dt>명령 (command)</dt><dd><code id=\"command\">").Append(Encode(run.Command)).Append("</code></dd>")
            .Append("<dt>날짜 (date)</dt><dd id=\"date\">").Append(run.Date.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append("</dd>")
            .Append("<dt>").Append(Encode(term)).Append("</dt><dd>").Append(Encode(value)).Append("</dd></dl>\n");
    }

    public static string End(StringBuilder html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.Append("</body>\n</html>\n").ToString();
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Figure(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "undefined";

    public static string WithSign(double? value) => value?.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) ?? "undefined";

    // LogicKor's rows name only the kind of judge that wrote them (logickor, prometheus), not its weights or adapter.
    private static string ModelOf(JudgeReport judge) => judge.Kind switch
    {
        "judged" when judge.Judge is null => "GPT-4 (LogicKor's own rows name no other)",
        "judged" => Encode($"{judge.Judge} judge; the rows record no model or adapter"),
        _ => "<span class=\"na\">no model</span>",
    };
}
