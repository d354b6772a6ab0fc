using System.CommandLine;
using System.Text.Json;
using KoJudge.Cli.Paths;
using KoJudge.Cli.Reports;
using KoJudge.Datasets;
using KoJudge.Ranking;
using KoJudge.Statistics;

namespace KoJudge.Cli.Commands;

/// <summary>
/// The flags of a ranking and what is done with its leaderboard (the console table, <c>--json</c>, <c>--html</c>),
/// shared by <c>rank</c> and <c>logickor arena</c> so that both rank, refuse and report alike.
/// </summary>
public sealed class RankingFlags
{
    public Option<int> Bootstrap { get; } = new("--bootstrap")
    {
        Description = "Bootstrap resamples of the battles for the 95% intervals (fixed seed); 0 for none.",
        DefaultValueFactory = _ => BootstrapInterval.DefaultResamples,
    };

    public Option<bool> LengthControl { get; } = new("--length-control")
    {
        Description = "Fit the normalised length difference (a - b) / (a + b) beside the ratings, as Arena-Hard's style control does, and report the ratings "
            + "with length held equal; every battle then needs length_a and length_b.",
    };

    public Option<FileInfo?> Json { get; } = new("--json") { Description = "Also write the leaderboard as JSON to this file." };

    public Option<FileInfo?> Html { get; } = new("--html") { Description = "Also write a self-contained HTML leaderboard, with a plot of each rating and its interval, to this file." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Bootstrap, LengthControl, Json, Html })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>False, with the reason on stderr, where <c>--bootstrap</c> is negative or a report cannot be written where asked.</summary>
    public bool AreValid(ParseResult parse, CliConsole console)
    {
        var resamples = parse.GetValue(Bootstrap);
        if (resamples < 0)
        {
            console.Error.WriteLine($"error: --bootstrap {resamples}: must be 0 or more.");
            return false;
        }
        return new OutputPathCheck(console).File("--json", parse.GetValue(Json)?.FullName).File("--html", parse.GetValue(Html)?.FullName).Passed;
    }

    /// <summary>
    /// Reads the battles of <paramref name="path"/> (only rows with <paramref name="ids"/>, where given), ranks them
    /// and prints the leaderboard and writes the reports asked for; a bad row or a refused ranking is one line on
    /// stderr. Returns the exit code: success, bad input, or <paramref name="refusedExit"/> where the battles give no
    /// ranking (bad input for a file the user brings; for battles a command has just judged, a result it could not make).
    /// </summary>
    public int Rank(ParseResult parse, CliConsole console, string path, string? anchor, IReadOnlySet<string>? ids = null, int refusedExit = ExitCodes.BadInput)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        BattleSet set;
        try
        {
            set = CompareVerdictReader.Read(path, requireLengths: parse.GetValue(LengthControl), ids);
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var options = new RankingOptions { Anchor = anchor, Resamples = parse.GetValue(Bootstrap), LengthControl = parse.GetValue(LengthControl) };
        var outcome = BradleyTerryRanking.Rank(set, options);
        if (outcome.Problem is { } refusal)
        {
            console.Error.WriteLine($"error: {path}: {refusal.Message}.");
            return refusedExit;
        }
        var board = outcome.Leaderboard!;
        LeaderboardTable.Print(board, console);
        ReportFile.WriteIfAsked(parse.GetValue(Json), () => JsonSerializer.Serialize(board, KoJudgeJson.Indented), console);
        ReportFile.WriteIfAsked(parse.GetValue(Html), () => LeaderboardHtmlReport.Render(board, path), console);
        return ExitCodes.Success;
    }
}
