using System.Globalization;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Prompts;

namespace KoJudge.Kudge;

/// <summary>
/// Reads <c>k2-eval-pointwise-falseinfo.csv</c>: the instruction, response, reference and rubric come out of each
/// row's <c>judge_query</c>, so KoJudge's judge sees what KUDGE's judges saw. Items are numbered by row from 1.
/// </summary>
public static class KudgeFalseInfoReader
{
    private const string Instruction = "###The instruction to evaluate:\n";
    private const string Response = "\n\n###Response to evaluate:\n";
    private const string Reference = "\n\n###Reference Answer (Score 5):\n";
    private const string Rubrics = "\n\n###Score Rubrics:\n";
    private const string Feedback = "\n\n###Feedback:";

    public static IReadOnlyList<KudgeFalseInfoItem> Read(string path) =>
        KudgeCsv.Rows(path, (row, line, field) =>
        {
            var score = double.TryParse(field("original_human_score"), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new InputFormatException(path, line, "original_human_score", $"'{field("original_human_score")}' is not a number");
            return new KudgeFalseInfoItem(row, score, field("type").Trim('\b', ' '), ItemFromQuery(path, line, row, field("judge_query")));
        });

    /// <summary>
    /// KUDGE's rubrics follow the layout loosely (line breaks inside the criteria, blank lines between scores): read the
    /// criteria between the brackets and each description after its <c>Score n:</c>, trimmed, into the usual layout.
    /// </summary>
    private static Rubric? LenientRubric(string text)
    {
        var open = text.IndexOf('[', StringComparison.Ordinal);
        var first = text.IndexOf("Score 1:", StringComparison.Ordinal);
        var close = first < 0 ? -1 : text.LastIndexOf(']', first);
        if (open < 0 || close < open)
        {
            return null;
        }
        var descriptions = new string[5];
        for (var score = 1; score <= 5; score++)
        {
            var start = text.IndexOf($"Score {score}:", StringComparison.Ordinal);
            var end = score < 5 ? text.IndexOf($"Score {score + 1}:", StringComparison.Ordinal) : text.Length;
            if (start < 0 || end < start)
            {
                return null;
            }
            descriptions[score - 1] = text[(start + $"Score {score}:".Length)..end].Trim();
        }
        return new Rubric(text[(open + 1)..close].Trim(), descriptions[0], descriptions[1], descriptions[2], descriptions[3], descriptions[4]);
    }

    private static JudgeItem ItemFromQuery(string path, int line, int row, string query)
    {
        string Between(string start, string end)
        {
            var from = query.IndexOf(start, StringComparison.Ordinal);
            var to = from < 0 ? -1 : query.IndexOf(end, from + start.Length, StringComparison.Ordinal);
            return from >= 0 && to >= 0
                ? query[(from + start.Length)..to]
                : throw new InputFormatException(path, line, "judge_query", $"no '{start.Trim()}' … '{end.Trim()}' section");
        }
        var rubric = LenientRubric(Between(Rubrics, Feedback))
            ?? throw new InputFormatException(path, line, "judge_query", "the score rubric is not '[criteria]' followed by 'Score 1:' to 'Score 5:'");
        return new JudgeItem(
            row.ToString(CultureInfo.InvariantCulture),
            Between(Instruction, Response),
            Between(Response, Reference),
            Between(Reference, Rubrics),
            rubric);
    }
}
