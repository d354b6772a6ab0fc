using System.CommandLine;
using System.Globalization;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Kudge;
using KoJudge.LogicKor;
using KoJudge.Meta;

namespace KoJudge.Cli.Commands;

/// <summary>
/// The flags that choose a set of gold pairs, shared by <c>gold-pairs</c> (which writes them for <c>compare</c>) and
/// <c>meta --pairwise</c> (which scores <c>compare</c>'s verdicts on them): the two must build the very same pairs,
/// with the same ids, from the same flags.
/// </summary>
public sealed class GoldPairOptions
{
    public Option<string?> Kudge { get; } = new("--kudge")
    {
        Description = "KUDGE's pairwise set: kudge-challenge.csv (reported per subset) or k2-eval-pairwise-falseinfo.csv (per position of the false fact); "
            + "its winner column is the gold.",
    };

    public Option<int> PairsPerQuestion { get; } = new("--pairs-per-question")
    {
        Description = $"With --gold: pairs drawn per LogicKor question (turn 1), among the answers whose GPT-4 scores differ by at least "
            + $"{LogicKorGoldPairs.MinimumDifference.ToString(CultureInfo.InvariantCulture)}, by a fixed seed ({LogicKorGoldPairs.Seed.ToString(CultureInfo.InvariantCulture)}).",
        DefaultValueFactory = _ => LogicKorGoldPairs.DefaultPerQuestion,
    };

    /// <summary>
    /// The gold pairs from <c>--kudge</c> or from the LogicKor folder <paramref name="logicKor"/>, and a name for them;
    /// or null, having said on stderr why not (exit 2).
    /// </summary>
    public (IReadOnlyList<GoldPair> Pairs, string Name)? Read(ParseResult parse, string? logicKor, string strategy, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(console);
        var kudge = parse.GetValue(Kudge);
        if ((kudge is null) == (logicKor is null))
        {
            console.Error.WriteLine("error: give either --kudge FILE.csv (KUDGE's pairwise winners) or --gold DIR (LogicKor's GPT-4 judgments) for the gold pairs.");
            return null;
        }
        var perQuestion = parse.GetValue(PairsPerQuestion);
        if (perQuestion < 1)
        {
            console.Error.WriteLine($"error: --pairs-per-question {perQuestion}: must be 1 or more.");
            return null;
        }
        var source = kudge ?? logicKor!;
        if (kudge is not null && InputPathCheck.FileProblem(kudge) is { } problem)
        {
            console.Error.WriteLine($"error: --kudge {kudge}: {problem}.");
            return null;
        }
        try
        {
            var pairs = kudge is not null
                ? KudgePairwiseReader.Read(kudge)
                : LogicKorGoldPairs.Sample(LogicKorResultSet.Read(logicKor!, strategy), perQuestion);
            if (pairs.Count == 0)
            {
                console.Error.WriteLine(kudge is not null
                    ? $"error: --kudge {kudge}: holds no pairs."
                    : $"error: --gold {logicKor}: no two answers to one question differ by {LogicKorGoldPairs.MinimumDifference.ToString(CultureInfo.InvariantCulture)} points or more (it needs two models' judged answers).");
                return null;
            }
            return (pairs, source);
        }
        catch (Exception e) when (e is InputFormatException or FileNotFoundException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
        catch (CsvHelper.CsvHelperException e)
        {
            // CsvHelper's own message is a page of context; the row it stopped at is what a user needs.
            console.Error.WriteLine($"error: {source}:{e.Context?.Parser?.RawRow.ToString(CultureInfo.InvariantCulture) ?? "?"}: not readable as CSV ({e.GetType().Name}).");
            return null;
        }
    }
}
