using System.Globalization;
using System.Text.Json;

namespace KoJudge.Train.Tests.Support;

/// <summary>
/// Short training rows in the Feedback-Collection schema, as K2-Feedback ships them (scores as text): an addition,
/// an answer off by (5 − score), and the feedback that says so. Short, so the tiny model trains on them in moments.
/// </summary>
internal static class JudgingRows
{
    public static readonly string[] Fields =
    [
        "orig_instruction", "orig_response", "orig_reference_answer", "orig_criteria",
        "orig_score1_description", "orig_score2_description", "orig_score3_description", "orig_score4_description", "orig_score5_description",
        "orig_feedback", "orig_score",
    ];

    public static List<Dictionary<string, string?>> Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Dictionary<string, string?>>(count);
        for (var i = 0; i < count; i++)
        {
            var (a, b, score) = (random.Next(10), random.Next(10), (i % 5) + 1);
            rows.Add(new Dictionary<string, string?>
            {
                ["orig_instruction"] = $"{a}+{b}?",
                ["orig_response"] = (a + b + 5 - score).ToString(CultureInfo.InvariantCulture),
                ["orig_reference_answer"] = (a + b).ToString(CultureInfo.InvariantCulture),
                ["orig_criteria"] = "Right sum?",
                ["orig_score1_description"] = "off 4",
                ["orig_score2_description"] = "off 3",
                ["orig_score3_description"] = "off 2",
                ["orig_score4_description"] = "off 1",
                ["orig_score5_description"] = "right",
                ["orig_feedback"] = $"off {5 - score}.",
                ["orig_score"] = score.ToString(CultureInfo.InvariantCulture),
            });
        }
        return rows;
    }

    public static string Write(string path, IEnumerable<Dictionary<string, string?>> rows)
    {
        File.WriteAllLines(path, rows.Select(row => JsonSerializer.Serialize(row)));
        return path;
    }
}
