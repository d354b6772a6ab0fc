using KoJudge.Judging;

namespace KoJudge.Datasets;

/// <summary>Reads KoJudge's own result files back, for comparisons and meta-evaluation.</summary>
public static class JudgeResultReader
{
    public static IReadOnlyList<JudgeResult> Read(string path)
    {
        var results = new List<JudgeResult>();
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            using var json = JsonRow.Parse(path, line, text);
            var row = new JsonRow(path, line, json.RootElement);
            var score = row.OptionalNumber("score");
            if (score is { } s && (s != Math.Floor(s) || s is < 1 or > 5))
            {
                throw row.Fail("score", $"must be a whole number from 1 to 5 or null, not {s}");
            }
            results.Add(new JudgeResult
            {
                Id = row.RequiredString("id", allowEmpty: false),
                RequestHash = row.OptionalString("request_hash"),
                Category = row.OptionalString("category"),
                Score = (int?)score,
                Feedback = row.OptionalString("feedback"),
                Error = row.OptionalString("error"),
                Attempts = row.Has("attempts") ? row.RequiredInt("attempts") : 0,
                Raw = row.OptionalString("raw"),
                ExpectedScore = row.OptionalNumber("expected_score"),
            });
        }
        return results;
    }
}
