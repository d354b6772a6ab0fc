using System.Globalization;
using System.Net;
using System.Text;
using KoJudge.Ranking;
using ScottPlot;

namespace KoJudge.Cli.Reports;

/// <summary>
/// The leaderboard as one self-contained HTML file: the table, and a plot of each model's rating with its 95%
/// bootstrap interval, best at the top, with the anchor's 1000 marked. The plot is ScottPlot's, inlined as SVG.
/// </summary>
public static class LeaderboardHtmlReport
{
    public static string Render(Leaderboard board, string source)
    {
        ArgumentNullException.ThrowIfNull(board);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>KoJudge leaderboard</title>\n<style>\n")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #bbb;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("tr.anchor{font-weight:bold}figure{margin:1.5em 0}figcaption{color:#555}\n</style>\n</head>\n<body>\n")
            .Append("<h1>KoJudge leaderboard</h1>\n<p>")
            .Append(Encode($"Bradley–Terry ratings (maximum likelihood, no regularisation) on the Elo scale from {source}: anchor {board.Anchor} at 1000, "
                + $"{board.Battles} battles, {board.Failed} rows without a verdict (failed, not battles)."))
            .Append(board.LengthCoefficient is { } coefficient
                ? Encode(string.Create(CultureInfo.InvariantCulture, $" Length held equal: the judge gives {coefficient:0.0} points per unit of (a − b) / (a + b)."))
                : "")
            .Append("</p>\n");
        html.Append("<table id=\"leaderboard\">\n<tr><th>model</th><th>rating</th><th>95% CI</th><th>battles</th><th>win rate vs anchor</th><th>flip rate</th><th>failed</th></tr>\n");
        foreach (var model in board.Models)
        {
            html.Append(model.Model == board.Anchor ? "<tr class=\"anchor\">" : "<tr>")
                .Append("<td>").Append(Encode(model.Model)).Append("</td>")
                .Append("<td>").Append(Rating(model.Rating)).Append("</td>")
                .Append("<td>").Append(model.CiLow is { } low && model.CiHigh is { } high ? $"[{Rating(low)}, {Rating(high)}]" : "-").Append("</td>")
                .Append("<td>").Append(model.Battles.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(Share(model.WinRate)).Append("</td>")
                .Append("<td>").Append(Share(model.FlipRate)).Append("</td>")
                .Append("<td>").Append(model.Failed.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
        html.Append("<figure id=\"interval-plot\">").Append(IntervalPlot(board))
            .Append("<figcaption>").Append(Encode(board.Bootstrap > 0
                ? $"Each rating (dot) with its 95% interval from {board.Bootstrap} bootstrap resamples of the battles (line); the anchor's 1000 dashed."
                : "Each rating (dot); no bootstrap was run, so no intervals. The anchor's 1000 dashed."))
            .Append("</figcaption></figure>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string IntervalPlot(Leaderboard board)
    {
        var plot = new Plot();
        var count = board.Models.Count;
        for (var i = 0; i < count; i++)
        {
            var model = board.Models[i];
            // The best model at the top.
            var y = count - 1 - i;
            if (model.CiLow is { } low && model.CiHigh is { } high)
            {
                var line = plot.Add.Line(low, y, high, y);
                line.Color = Colors.SteelBlue;
                line.LineWidth = 3;
            }
            var marker = plot.Add.Marker(model.Rating, y);
            marker.Color = Colors.Black;
            marker.Size = 9;
        }
        var anchorLine = plot.Add.VerticalLine(BradleyTerryRanking.AnchorRating);
        anchorLine.Color = Colors.Gray;
        anchorLine.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, count).Select(i => (double)(count - 1 - i)).ToArray(),
            board.Models.Select(m => m.Model).ToArray());
        plot.Axes.Bottom.Label.Text = "rating (Elo scale)";
        return InlineSvg.Of(plot, 900, Math.Max(240, 60 + 34 * count));
    }

    private static string Rating(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Share(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
