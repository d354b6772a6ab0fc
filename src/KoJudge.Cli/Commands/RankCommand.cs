using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Reports;
using KoJudge.Datasets;
using KoJudge.Ranking;
using KoJudge.Statistics;
using Spectre.Console;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge rank</c>: Bradley–Terry ratings with bootstrap intervals from pairwise verdicts.</summary>
public static class RankCommand
{
    // The console table fits an 80-column terminal; a long model name wraps onto the next line.
    private const int TableWidth = 80;

    public static Command Create(CliConsole console)
    {
        var verdicts = new Option<string>("--verdicts")
        {
            Description = "Pairwise verdicts, JSONL: model_a, model_b, verdict (\"A\", \"B\", \"tie\" or null for a failed judgment), and optionally flipped "
                + "and length_a, length_b (the answers' lengths in characters), as `kojudge compare` writes them.",
            Required = true,
        };
        var anchor = new Option<string?>("--anchor") { Description = "The model rated 1000 (default: the baseline, the one model in every battle; else the first model by name)." };
        var bootstrap = new Option<int>("--bootstrap")
        {
            Description = "Bootstrap resamples of the battles for the 95% intervals (fixed seed); 0 for none.",
            DefaultValueFactory = _ => BootstrapInterval.DefaultResamples,
        };
        var lengthControl = new Option<bool>("--length-control")
        {
            Description = "Fit the normalised length difference (a - b) / (a + b) beside the ratings, as Arena-Hard's style control does, and report the ratings "
                + "with length held equal; every battle then needs length_a and length_b.",
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the leaderboard as JSON to this file." };
        var html = new Option<FileInfo?>("--html") { Description = "Also write a self-contained HTML leaderboard, with a plot of each rating and its interval, to this file." };
        var command = new Command(
            "rank",
            "Rank models from pairwise verdicts: maximum-likelihood Bradley-Terry without regularisation (a tie is half a win each side), on the Elo scale "
            + "(400 log10 of the odds) with the anchor at 1000, with 95% bootstrap intervals over the battles, the win rate against the anchor, battle counts "
            + "and each model's flip rate. Rows without a verdict are counted as failed, never as battles. Battles in groups that never met, or a group that "
            + "won every battle against the rest, are refused with the groups named.");
        foreach (var option in new Option[] { verdicts, anchor, bootstrap, lengthControl, json, html })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var path = parse.GetValue(verdicts)!;
            var resamples = parse.GetValue(bootstrap);
            if (resamples < 0)
            {
                console.Error.WriteLine($"error: --bootstrap {resamples}: must be 0 or more.");
                return ExitCodes.BadInput;
            }
            if (InputPathCheck.FileProblem(path) is { } problem)
            {
                console.Error.WriteLine($"error: --verdicts {path}: {problem}.");
                return ExitCodes.BadInput;
            }
            if (!new OutputPathCheck(console).File("--json", parse.GetValue(json)?.FullName).File("--html", parse.GetValue(html)?.FullName).Passed)
            {
                return ExitCodes.BadInput;
            }
            BattleSet set;
            try
            {
                set = CompareVerdictReader.Read(path, requireLengths: parse.GetValue(lengthControl));
            }
            catch (Exception e) when (e is InputFormatException or FileNotFoundException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            var options = new RankingOptions { Anchor = parse.GetValue(anchor), Resamples = resamples, LengthControl = parse.GetValue(lengthControl) };
            var outcome = BradleyTerryRanking.Rank(set, options);
            if (outcome.Problem is { } refusal)
            {
                console.Error.WriteLine($"error: {path}: {refusal.Message}.");
                return ExitCodes.BadInput;
            }
            var board = outcome.Leaderboard!;
            Print(board, console);
            ReportFile.WriteIfAsked(parse.GetValue(json), () => JsonSerializer.Serialize(board, KoJudgeJson.Indented), console);
            ReportFile.WriteIfAsked(parse.GetValue(html), () => LeaderboardHtmlReport.Render(board, path), console);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(Leaderboard board, CliConsole console)
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
