using System.Text.Json.Serialization;
using KoJudge.Statistics;

namespace KoJudge.LogicKor;

/// <summary>
/// Is B better than A on LogicKor, and how sure are we: per category and overall, each side's LogicKor score (the
/// mean single-turn score and the mean multi-turn score, averaged, as <c>score.py</c> has it) over the questions both
/// answered, their difference B − A, and a paired bootstrap 95% interval that resamples questions, each with both its
/// turns and both sides, so what two models share about a question's difficulty cancels out.
/// </summary>
/// <remarks>
/// Questions are paired by id. A question in one file only is left out (and named); a turn that either side failed to
/// have judged (no score) is left out of both sides, so each mean is over the same turns. A category's interval
/// resamples that category's questions only (7 in LogicKor: a rough interval, honestly so).
/// </remarks>
public sealed record LogicKorScoreDifference(
    [property: JsonPropertyName("a")] string FileA,
    [property: JsonPropertyName("b")] string FileB,
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, LogicKorScoreDifference.Row> Categories,
    [property: JsonPropertyName("overall")] LogicKorScoreDifference.Row Overall,
    [property: JsonPropertyName("only_in_a")] IReadOnlyList<int> OnlyInA,
    [property: JsonPropertyName("only_in_b")] IReadOnlyList<int> OnlyInB,
    [property: JsonPropertyName("unpaired_turns")] int UnpairedTurns,
    [property: JsonPropertyName("bootstrap")] int Resamples,
    [property: JsonPropertyName("seed")] ulong Seed)
{
    public static LogicKorScoreDifference Compute(
        LogicKorResultSet a, LogicKorResultSet b, int resamples = BootstrapInterval.DefaultResamples, ulong seed = BootstrapInterval.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byIdB = b.Records.ToDictionary(r => r.Id);
        var idsA = a.Records.Select(r => r.Id).ToHashSet();
        var pairs = new List<PairedQuestion>();
        var unpairedTurns = 0;
        foreach (var recordA in a.Records.OrderBy(r => r.Id))
        {
            if (!byIdB.TryGetValue(recordA.Id, out var recordB))
            {
                continue;
            }
            var turns = new List<(LogicKorTurn Turn, double A, double B)>();
            foreach (var turn in new[] { LogicKorTurn.SingleTurn, LogicKorTurn.MultiTurn })
            {
                var (scoreA, scoreB) = (recordA.JudgmentOf(turn)?.Score, recordB.JudgmentOf(turn)?.Score);
                if (scoreA is { } x && scoreB is { } y)
                {
                    turns.Add((turn, x, y));
                }
                else if (scoreA is not null || scoreB is not null)
                {
                    unpairedTurns++;
                }
            }
            pairs.Add(new PairedQuestion(recordA.Id, recordA.Category, turns));
        }
        var categories = new Dictionary<string, Row>();
        foreach (var category in LogicKorCategories.InOrder(pairs.Select(p => p.Category)))
        {
            categories[category] = Summarize(pairs.Where(p => p.Category == category).ToList(), resamples, seed);
        }
        return new LogicKorScoreDifference(
            a.Path,
            b.Path,
            categories,
            Summarize(pairs, resamples, seed),
            a.Records.Select(r => r.Id).Where(id => !byIdB.ContainsKey(id)).Order().ToList(),
            b.Records.Select(r => r.Id).Where(id => !idsA.Contains(id)).Order().ToList(),
            unpairedTurns,
            resamples,
            seed);
    }

    private static Row Summarize(IReadOnlyList<PairedQuestion> questions, int resamples, ulong seed)
    {
        var scoreA = Score(questions, t => t.A);
        var scoreB = Score(questions, t => t.B);
        var difference = scoreB - scoreA;
        var picked = new PairedQuestion[questions.Count];
        var (intervals, _) = BootstrapInterval.ComputeEach(questions.Count, 1, picks =>
        {
            for (var i = 0; i < picks.Count; i++)
            {
                picked[i] = questions[picks[i]];
            }
            return Score(picked, t => t.B) - Score(picked, t => t.A) is { } value ? [value] : null;
        }, resamples, seed: seed);
        var interval = questions.Count < 2 || resamples <= 0 ? null : intervals[0];
        return new Row(questions.Count, questions.Sum(q => q.Turns.Count), scoreA, scoreB, difference, interval?.Low, interval?.High);
    }

    /// <summary>LogicKor's score of these questions' paired turns: the single-turn mean and the multi-turn mean, averaged (the one there is, where a kind has no turn).</summary>
    private static double? Score(IReadOnlyList<PairedQuestion> questions, Func<(LogicKorTurn Turn, double A, double B), double> side)
    {
        var means = new[] { LogicKorTurn.SingleTurn, LogicKorTurn.MultiTurn }
            .Select(turn => questions.SelectMany(q => q.Turns).Where(t => t.Turn == turn).Select(side).ToList())
            .Where(scores => scores.Count > 0)
            .Select(scores => scores.Average())
            .ToList();
        return means.Count == 0 ? null : means.Average();
    }

    private sealed record PairedQuestion(int Id, string Category, IReadOnlyList<(LogicKorTurn Turn, double A, double B)> Turns);

    /// <summary>One category's (or the overall) figures: the paired questions and turns, each side's score, B − A and its interval.</summary>
    public sealed record Row(
        [property: JsonPropertyName("questions")] int Questions,
        [property: JsonPropertyName("turns")] int Turns,
        [property: JsonPropertyName("a")] double? ScoreA,
        [property: JsonPropertyName("b")] double? ScoreB,
        [property: JsonPropertyName("difference")] double? Difference,
        [property: JsonPropertyName("ci_low")] double? CiLow,
        [property: JsonPropertyName("ci_high")] double? CiHigh);
}
