using System.Text.RegularExpressions;

namespace KoJudge.Cli.Reports;

/// <summary>A ScottPlot chart as SVG to put inside an HTML page, so the report's text stays text and the file needs nothing beside it.</summary>
public static partial class InlineSvg
{
    // An XML declaration means nothing inside HTML, where the parser turns it into a comment.
    public static string Of(ScottPlot.Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        // Skia's SVG backend writes some fonts' space (NanumGothic's) as U+0001, which is no character of XML or HTML text.
        var svg = ControlCharacter().Replace(XmlDeclaration().Replace(plot.GetSvgXml(width, height), "").TrimStart(), " ");
        // Where the viewer lacks the family the chart was measured in, fall back along the page's Korean-capable stack, not to a serif.
        return FontFamily().Replace(svg, m => $"font-family=\"{m.Groups[1].Value},{ReportPage.FontStack}\"");
    }

    [GeneratedRegex("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]")]
    private static partial Regex ControlCharacter();

    [GeneratedRegex("font-family=\"([^\"]+)\"")]
    private static partial Regex FontFamily();

    [GeneratedRegex(@"\A\s*<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();
}
