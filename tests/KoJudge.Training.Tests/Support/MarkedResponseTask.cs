using System.Text.Json;

namespace KoJudge.Training.Tests.Support;

/// <summary>
/// The synthetic judging task as text, for the whole loop: a response of one of five capital letters the judge's prompt
/// never uses, written many times among a few lowercase ones, and the score is which it is (Q is 1, … V is 5). The base
/// cannot know the rule, and scores are balanced, so a judge that always gives one score is right a fifth of the time.
/// </summary>
internal static class MarkedResponseTask
{
    public const string Instruction = "Write letters.";
    public const string Feedback = "ok";
    private const string Marks = "QZJKV";
    private const string Fillers = "bcdfghlmnpw";
    // The mark written 150 times among a few fillers: about a fifth of the 790-token prompt, so attention finds it
    // within 150 steps. Written 4, 8 or 48 times, 150-200 steps left the score at chance.
    private const int MarksPerResponse = 150;

    private static readonly Dictionary<string, string> Rubric = new()
    {
        ["criteria"] = "Mark?",
        ["score1"] = "a",
        ["score2"] = "b",
        ["score3"] = "c",
        ["score4"] = "d",
        ["score5"] = "e",
    };

    /// <summary>Rows in the Feedback-Collection schema, as K2-Feedback ships them (the score as text), one JSON object a line.</summary>
    public static void WriteFeedbackCollection(string path, int count, int seed) =>
        File.WriteAllLines(path, Responses(count, seed).Select(r => JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["orig_instruction"] = Instruction,
            ["orig_response"] = r.Response,
            ["orig_reference_answer"] = null,
            ["orig_criteria"] = Rubric["criteria"],
            ["orig_score1_description"] = Rubric["score1"],
            ["orig_score2_description"] = Rubric["score2"],
            ["orig_score3_description"] = Rubric["score3"],
            ["orig_score4_description"] = Rubric["score4"],
            ["orig_score5_description"] = Rubric["score5"],
            ["orig_feedback"] = Feedback,
            ["orig_score"] = r.Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })));

    /// <summary>
    /// KoJudge items (id, instruction, response, rubric) with the gold <c>feedback</c> and <c>score</c>: what
    /// <c>kojudge judge --input</c> reads, and what the training reader reads as labelled items. Returns the gold scores by id.
    /// </summary>
    public static Dictionary<string, int> WriteItems(string path, int count, int seed)
    {
        var responses = Responses(count, seed);
        File.WriteAllLines(path, responses.Select((r, i) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = Id(i),
            ["instruction"] = Instruction,
            ["response"] = r.Response,
            ["rubric"] = Rubric,
            ["feedback"] = Feedback,
            ["score"] = r.Score,
        })));
        return responses.Select((r, i) => (Id: Id(i), r.Score)).ToDictionary(p => p.Id, p => p.Score);
    }

    private static string Id(int index) => $"item-{index:000}";

    private static List<(string Response, int Score)> Responses(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<(string, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var score = (i % 5) + 1;
            var letters = Enumerable.Range(0, random.Next(4, 9)).Select(_ => Fillers[random.Next(Fillers.Length)]).ToList();
            for (var mark = 0; mark < MarksPerResponse; mark++)
            {
                letters.Insert(random.Next(letters.Count + 1), Marks[score - 1]);
            }
            rows.Add((new string([.. letters]), score));
        }
        return rows;
    }
}
