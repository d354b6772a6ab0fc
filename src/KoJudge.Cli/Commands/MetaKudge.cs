using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Reports;
using KoJudge.Datasets;
using KoJudge.Kudge;
using KoJudge.Meta;
using Spectre.Console;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge meta --kudge-falseinfo</c>: how often a judge scores KUDGE's corrupted answers below their original human score.</summary>
public static class MetaKudge
{
    public static int Run(string itemsPath, string? judgedPath, FileInfo? json, FileInfo? report, MetaRunInfo run, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (judgedPath is null)
        {
            console.Error.WriteLine("error: --kudge-falseinfo needs --judged: a KUDGE results CSV, or KoJudge's results for `kojudge kudge-items`.");
            return ExitCodes.BadInput;
        }
        var judged = JudgedSet.Parse(judgedPath);
        try
        {
            var items = KudgeFalseInfoReader.Read(itemsPath);
            var result = KudgeFalseInfoReport.Compute(items, KudgeJudgments.Read(judged.Path, items.Count));
            var grid = new Table { Title = new TableTitle(Markup.Escape($"{judged.Name}: corrupted answers scored below their original human score")) }
                .AddColumns("corruption", "n", "below original", "not below", "no verdict", "below rate");
            foreach (var (kind, counts) in Rows(result))
            {
                grid.AddRow(Markup.Escape(kind), Number(counts.N), Number(counts.Below), Number(counts.NotBelow), Number(counts.NoVerdict), Terminal.Figure(counts.BelowRate));
            }
            Terminal.For(console.Out, console.OutputWidth).Write(grid);
            ReportFile.WriteIfAsked(json, () => JsonSerializer.Serialize(result, KoJudgeJson.Indented), console);
            ReportFile.WriteIfAsked(report, () => KudgeHtmlReport.Render(result, judged.Name, judged.Path, run), console);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException or ArgumentException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Each kind of corruption, then all together.</summary>
    public static IEnumerable<KeyValuePair<string, KudgeFalseInfoReport.Counts>> Rows(KudgeFalseInfoReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Kinds.Append(new KeyValuePair<string, KudgeFalseInfoReport.Counts>("overall", report.Overall));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
