using System.Text.RegularExpressions;

namespace KoJudge.Cli.Reports;

/// <summary>A ScottPlot chart as SVG to put inside an HTML page, so the report's text stays text and the file needs nothing beside it.</summary>
public static partial class InlineSvg
{
    // An XML declaration means nothing inside HTML, where the parser turns it into a comment.
    public static string Of(ScottPlot.Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        return XmlDeclaration().Replace(plot.GetSvgXml(width, height), "").TrimStart();
    }

    [GeneratedRegex(@"\A\s*<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();
}
