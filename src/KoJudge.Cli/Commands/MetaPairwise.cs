using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Meta;
using Spectre.Console;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge meta --pairwise</c>: a pairwise judge's verdicts (<c>compare</c>'s rows) against gold winners.</summary>
public static class MetaPairwise
{
    // The console table fits an 80-column terminal: each figure's interval goes on the line under it.
    private const int TableWidth = 80;

    // Console lines name at most this many missing pairs; --json names them all.
    private const int MissingShown = 20;

    public static int Run(IReadOnlyList<GoldPair> gold, string goldName, string judgedPath, FileInfo? json, CliConsole console)
    {
        if (InputPathCheck.FileProblem(judgedPath) is { } problem)
        {
            console.Error.WriteLine($"error: --judged {judgedPath}: {problem}.");
            return ExitCodes.BadInput;
        }
        PairwiseMetaReport report;
        try
        {
            report = PairwiseMetaReport.Compute(gold, PairwiseJudgmentReader.Read(judgedPath), goldName, judgedPath);
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (report.Unmatched is [var stranger, ..])
        {
            var others = report.Unmatched.Count - 1;
            console.Error.WriteLine(new InputFormatException(judgedPath, stranger.Line, "id",
                $"'{stranger.Id}' is no pair of {goldName}{(others > 0 ? $" (nor are {others} more)" : "")}; were the pairs made from another set, or with another --pairs-per-question?").Message);
            return ExitCodes.BadInput;
        }
        Print(report, console);
        ReportFile.WriteIfAsked(json, () => JsonSerializer.Serialize(report, KoJudgeJson.Indented), console);
        return ExitCodes.Success;
    }

    private static void Print(PairwiseMetaReport report, CliConsole console)
    {
        var header = $"{"n",5}  {"accuracy",-12}{"failed",-12}{"flipped",-12}{"ties ½",6}{"ties",6}";
        var groups = report.Categories.Append(new KeyValuePair<string, PairwiseAgreement>("overall", report.Overall)).ToList();
        // Widths in terminal cells, where a Hangul syllable takes two.
        var nameWidth = Math.Clamp(groups.Max(g => g.Key.GetCellWidth()) + 1, "category".Length + 1, TableWidth - header.GetCellWidth());
        foreach (var line in LineWrap.Wrap($"{report.Judged} against {report.Gold}", TableWidth))
        {
            console.Out.WriteLine(line);
        }
        console.Out.WriteLine($"{Pad("category", nameWidth)}{header}");
        console.Out.WriteLine(new string('-', nameWidth + header.GetCellWidth()));
        foreach (var (name, a) in groups)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Pad(name, nameWidth)}{a.Judged,5}  {Figure(a.Accuracy.Rate),-12}{Figure(a.FailureRate.Rate),-12}{Figure(a.FlipRate.Rate),-12}{Figure(a.AccuracyTiesHalf),6}{Figure(a.TieRate.Rate),6}"));
            console.Out.WriteLine($"{new string(' ', nameWidth + 7)}{Interval(a.Accuracy),-12}{Interval(a.FailureRate),-12}{Interval(a.FlipRate)}".TrimEnd());
        }
        var lines = new List<string>
        {
            "n: the judged pairs. accuracy: the gold's winner chosen; a pair without a verdict (failed) or with a tie counts "
            + "as wrong. ties ½: the accuracy with a tie as half. flipped: the two orders disagreed, of the pairs with a verdict. "
            + "Under each figure its 95% Wilson interval.",
        };
        if (report.Overall.FailedByKind.Count > 0)
        {
            lines.Add("failed: " + string.Join(", ", report.Overall.FailedByKind.Select(k => $"{k.Value.ToString(CultureInfo.InvariantCulture)} {k.Key}")) + ".");
        }
        if (report.Missing.Count > 0)
        {
            var shown = string.Join(", ", report.Missing.Take(MissingShown));
            lines.Add($"no judged row for {report.Missing.Count.ToString(CultureInfo.InvariantCulture)} of {report.Overall.Pairs.ToString(CultureInfo.InvariantCulture)} gold pairs, left out of the rates: {shown}"
                + (report.Missing.Count > MissingShown ? $" and {(report.Missing.Count - MissingShown).ToString(CultureInfo.InvariantCulture)} more (all in --json)." : "."));
        }
        foreach (var line in lines.SelectMany(l => LineWrap.Wrap(l, TableWidth)))
        {
            console.Out.WriteLine(line);
        }
    }

    private static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - text.GetCellWidth()));

    private static string Figure(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";

    private static string Interval(PairwiseRate rate) =>
        rate.CiLow is { } low && rate.CiHigh is { } high ? $"{Figure(low)}-{Figure(high)}" : "";
}
