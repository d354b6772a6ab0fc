using System.Globalization;
using KoJudge.Cli.Output;
using KoJudge.Meta;
using Spectre.Console;

namespace KoJudge.Cli.Reports;

/// <summary>
/// The judges side by side in one console table: per category, one row per judge with n, ρ, its interval, the paired
/// difference against the floor and agreement; below it the model-level ρ and the differences between judges.
/// </summary>
public static class MetaConsoleTable
{
    public static void Write(MetaComparison comparison, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(console);
        var run = comparison.Run;
        var width = console.OutputWidth ?? Terminal.DefaultWidth;
        // The heading as plain lines: a table title folds at any space, and a long gold path would split it anywhere.
        foreach (var line in LineWrap.Wrap($"gold: {run.Gold}", width).Append($"{comparison.Judges.Count} judges; {run.GoldFiles} files, strategy {run.Strategy}, turn {run.Turn}"))
        {
            console.Out.WriteLine(line);
        }
        var grid = new Table { Border = TableBorder.Simple }
            .AddColumns("category / judge", "n", "ρ", "95% CI", "Δρ floor", "exact", "±1");
        // One space between columns rather than two: the table then fits 80 columns without folding.
        foreach (var column in grid.Columns)
        {
            column.Padding = new Padding(0, 0, 1, 0);
        }
        foreach (var category in comparison.Categories.Append(MetaComparison.Overall))
        {
            grid.AddRow(Markup.Escape(category), "", "", "", "", "", "");
            foreach (var judge in comparison.Judges)
            {
                var summary = category == MetaComparison.Overall ? judge.Overall : judge.Categories[category];
                var difference = judge.Kind == MetaJudge.FloorKind ? null : comparison.DifferenceOf(judge.Name, "floor", category);
                grid.AddRow(
                    Markup.Escape("  " + judge.Name),
                    Number(summary.N),
                    Terminal.Figure(summary.Spearman) + (summary.N < JudgeReport.SmallN ? "!" : ""),
                    summary.SpearmanInterval is [var low, var high] ? Markup.Escape($"[{Short(low)}, {Short(high)}]") : "undefined",
                    difference?.Difference is { } d ? Short(d, signed: true) + (difference.ExcludesZero ? "*" : "") : "-",
                    judge.NoAgreementBecause is null ? Short(summary.ExactAgreement) : "n/a",
                    judge.NoAgreementBecause is null ? Short(summary.WithinOneAgreement) : "n/a");
            }
        }
        Terminal.For(console.Out, console.OutputWidth).Write(grid);
        var lines = new List<string>
        {
            $"!: n < {JudgeReport.SmallN}, read with care. Δρ floor: the judge's ρ minus the floor's on the answers both scored, "
            + "paired bootstrap; * where its 95% interval excludes 0. exact, ±1: agreement where the scales allow (n/a otherwise).",
            "ρ of model means: " + string.Join("; ", comparison.Judges.Select(j => $"{j.Name} {Terminal.Figure(j.ModelSpearman)} ({Number(j.ModelMeans.Count)} models{(j.ModelMeans.Count < JudgeReport.SmallN ? "!" : "")})")),
        };
        var between = comparison.Differences.Where(d => d.Category == MetaComparison.Overall && d.B != "floor" && d.A != "floor").ToList();
        if (between.Count > 0)
        {
            lines.Add("Δρ overall, paired: " + string.Join("; ", between.Select(d =>
                $"{d.A} − {d.B} {Short(d.Difference, signed: true)} [{Short(d.Low, signed: true)}, {Short(d.High, signed: true)}]{(d.ExcludesZero ? "*" : "")}")));
        }
        foreach (var judge in comparison.Judges.Where(j => j.Excluded.Count > 0))
        {
            lines.Add($"left out, {judge.Name}: " + string.Join(", ", judge.Excluded.Select(e => $"{Number(e.Value)} {e.Key}")));
        }
        foreach (var line in lines.SelectMany(l => LineWrap.Wrap(l, width)))
        {
            console.Out.WriteLine(line);
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Short(double? value, bool signed = false) =>
        value?.ToString(signed ? "+0.00;-0.00;0.00" : "0.00", CultureInfo.InvariantCulture) ?? "-";
}
