using System.Globalization;
using KoJudge.Ranking;
using Spectre.Console;

namespace KoJudge.Cli.Reports;

/// <summary>A leaderboard as an 80-column console table with its notes, as <c>rank</c> and <c>logickor arena</c> print it.</summary>
internal static class LeaderboardTable
{
    // The console table fits an 80-column terminal; a long model name wraps onto the next line.
    private const int TableWidth = 80;

    public static void Print(Leaderboard board, CliConsole console)
    {
        // Laid out by hand: Spectre's table narrows every column when one name is long, where only the name should wrap.
        var figures = board.Models.Select(m => string.Create(
            CultureInfo.InvariantCulture,
            $"{Rating(m.Rating),7}{(m.CiLow is { } low && m.CiHigh is { } high ? $"{Rating(low)}-{Rating(high)}" : "-"),11}{m.Battles,8}{Share(m.WinRate),7}{Share(m.FlipRate),7}{m.Failed,7}")).ToList();
        var header = $"{"rating",7}{"95% CI",11}{"battles",8}{"win",7}{"flip",7}{"failed",7}";
        // Widths in terminal cells, where a Hangul syllable takes two.
        var nameWidth = Math.Clamp(board.Models.Max(m => m.Model.GetCellWidth()), "model".Length, TableWidth - header.Length - 1);
        console.Out.WriteLine($"{"model".PadRight(nameWidth)} {header}");
        console.Out.WriteLine(new string('-', nameWidth + 1 + header.Length));
        for (var i = 0; i < board.Models.Count; i++)
        {
            var pieces = Wrap(board.Models[i].Model, nameWidth);
            console.Out.WriteLine($"{pieces[0]}{new string(' ', nameWidth - pieces[0].GetCellWidth())} {figures[i]}");
            foreach (var piece in pieces.Skip(1))
            {
                console.Out.WriteLine(piece);
            }
        }
        var lines = new List<string>
        {
            $"anchor: {board.Anchor} at 1000.",
            $"{Number(board.Battles)} battles; {Number(board.Failed)} rows without a verdict, counted as failed.",
            "win: score share against the anchor, a tie half; flip: orders disagreed.",
            board.Bootstrap > 0 ? $"95% CI: {Number(board.Bootstrap)} bootstrap resamples of the battles, seed {board.Seed}." : "no intervals (--bootstrap 0).",
        };
        if (board.ResamplesWithoutMaximum > 0)
        {
            lines.Add($"{Number(board.ResamplesWithoutMaximum)} resamples had no finite maximum, left out of the intervals.");
        }
        if (board.LengthCoefficient is { } coefficient)
        {
            lines.Add("length control: the ratings are those at equal length; length is worth");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{coefficient:0.0} points per unit of (a - b) / (a + b), a and b the answers' lengths."));
        }
        if (board.Unrated.Count > 0)
        {
            lines.Add($"not rated (no battle with a verdict): {string.Join(", ", board.Unrated)}.");
        }
        foreach (var line in lines)
        {
            console.Out.WriteLine(line);
        }
    }

    /// <summary>A name cut into pieces of at most <paramref name="width"/> cells.</summary>
    private static List<string> Wrap(string name, int width)
    {
        var pieces = new List<string> { "" };
        foreach (var c in name)
        {
            if (pieces[^1].GetCellWidth() + c.GetCellWidth() > width)
            {
                pieces.Add("");
            }
            pieces[^1] += c;
        }
        return pieces;
    }

    private static string Rating(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string Share(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
