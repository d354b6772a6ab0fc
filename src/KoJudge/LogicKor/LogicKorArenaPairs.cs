using System.Globalization;
using KoJudge.Datasets;
using KoJudge.Pairwise;
using KoJudge.Prompts;

namespace KoJudge.LogicKor;

/// <summary>
/// LogicKor answers as pairs against a baseline model's answers to the same questions: one pair per model, question
/// and turn, with the baseline as side A, the question's category's built-in rubric and the question's reference for
/// that turn. A turn-2 pair carries the first turn (<see cref="PairwisePriorTurn"/>): the first question and each
/// side's own first answer, so each follow-up is judged in its own conversation.
/// </summary>
public static class LogicKorArenaPairs
{
    /// <summary>The baseline LogicKor's own leaderboard scores against and the Prometheus judge takes its references from.</summary>
    public const string DefaultBaseline = "openai/gpt-4-1106-preview";

    /// <summary>A pair's id, <c>&lt;model&gt;/&lt;question&gt;/&lt;turn&gt;</c> with the turn 1 or 2: unique in one arena's output.</summary>
    public static string IdOf(string model, int question, LogicKorTurn turn) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{question}/{(turn == LogicKorTurn.SingleTurn ? 1 : 2)}");

    /// <summary>
    /// The pairs of every model in <paramref name="models"/> against <paramref name="baseline"/>, model by model in the
    /// order given, each question's turn 1 before its turn 2. A turn is paired where both sides answered it.
    /// </summary>
    /// <exception cref="InputFormatException">
    /// A model's question the baseline did not answer, or a category with no built-in rubric: named by file and field.
    /// </exception>
    public static IReadOnlyList<PairwiseItem> Pairs(string baselineName, LogicKorResultSet baseline, IEnumerable<LogicKorResultSet> models)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(models);
        var baselineById = baseline.Records.ToDictionary(r => r.Id);
        var pairs = new List<PairwiseItem>();
        foreach (var set in models)
        {
            foreach (var record in set.Records.OrderBy(r => r.Id))
            {
                if (!baselineById.TryGetValue(record.Id, out var against))
                {
                    throw new InputFormatException(
                        set.Path, null, "id", $"question {record.Id} has no answer from the baseline '{baselineName}' in {baseline.Path}; every question needs one to be compared with");
                }
                var rubric = RubricCatalog.Find(against.Category)?.Rubric
                    ?? throw new InputFormatException(baseline.Path, null, "category", $"question {record.Id}: '{against.Category}' has no built-in rubric; use one of {RubricCatalog.KnownNames}");
                pairs.AddRange(PairsOf(baselineName, against, set.Model, record, rubric));
            }
        }
        return pairs;
    }

    private static IEnumerable<PairwiseItem> PairsOf(string baselineName, LogicKorRecord baseline, string model, LogicKorRecord record, Rubric rubric)
    {
        var baselineAnswers = baseline.Outputs ?? [];
        var answers = record.Outputs ?? [];
        // The questions are the baseline's, so every model is judged on the same texts.
        var questions = baseline.Questions;
        if (baselineAnswers.Count < 1 || answers.Count < 1)
        {
            yield break;
        }
        yield return new PairwiseItem(
            IdOf(model, record.Id, LogicKorTurn.SingleTurn), questions[0], baselineAnswers[0], answers[0], baseline.ReferenceOf(0), rubric, baseline.Category, baselineName, model);
        if (questions.Count < 2 || baselineAnswers.Count < 2 || answers.Count < 2)
        {
            yield break;
        }
        yield return new PairwiseItem(
            IdOf(model, record.Id, LogicKorTurn.MultiTurn), questions[1], baselineAnswers[1], answers[1], baseline.ReferenceOf(1), rubric, baseline.Category, baselineName, model,
            new PairwisePriorTurn(questions[0], baselineAnswers[0], answers[0]));
    }
}
