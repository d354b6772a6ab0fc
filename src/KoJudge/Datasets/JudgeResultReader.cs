using KoJudge.Judging;

namespace KoJudge.Datasets;

/// <summary>Reads KoJudge's own result files back, for comparisons, meta-evaluation and merging.</summary>
public static class JudgeResultReader
{
    public static IReadOnlyList<JudgeResult> Read(string path)
    {
        var results = new List<JudgeResult>();
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            results.Add(ReadRow(path, line, text, written: false));
        }
        return results;
    }

    /// <summary>One row of a result file, with a score from 1 to 5 or null; the run's bookkeeping fields are not required.</summary>
    public static JudgeResult ReadRow(string path, int line, string text) => ReadRow(path, line, text, written: false);

    /// <summary>
    /// One row as a run writes it, with the fields every result row has: an id, the request hash of the settings that
    /// made it, and a score from 1 to 5, or null where it failed. A row without them was not written by a run.
    /// </summary>
    public static JudgeResult ReadWrittenRow(string path, int line, string text) => ReadRow(path, line, text, written: true);

    /// <summary>The same, for a row already parsed, so a caller that looked into it first does not parse it again.</summary>
    public static JudgeResult ReadWrittenRow(JsonRow row) => ReadRow(row, written: true);

    private static JudgeResult ReadRow(string path, int line, string text, bool written)
    {
        using var json = JsonRow.Parse(path, line, text);
        return ReadRow(new JsonRow(path, line, json.RootElement), written);
    }

    private static JudgeResult ReadRow(JsonRow row, bool written)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.RequiredString("id", allowEmpty: false);
        if (written)
        {
            const string NotAResult = "missing, so this is not a result row written by a run";
            if (!row.Element.TryGetProperty("request_hash", out _))
            {
                throw row.Fail("request_hash", NotAResult);
            }
            row.RequiredString("request_hash", allowEmpty: false);
            if (!row.Element.TryGetProperty("score", out _))
            {
                throw row.Fail("score", $"{NotAResult} (it is null where judging failed)");
            }
        }
        var score = row.OptionalNumber("score");
        if (score is { } s && (s != Math.Floor(s) || s is < 1 or > 5))
        {
            throw row.Fail("score", $"must be a whole number from 1 to 5 or null, not {s}");
        }
        return new JudgeResult
        {
            Id = id,
            RequestHash = row.OptionalString("request_hash"),
            Category = row.OptionalString("category"),
            Score = (int?)score,
            Feedback = row.OptionalString("feedback"),
            Error = row.OptionalString("error"),
            Attempts = row.Has("attempts") ? row.RequiredInt("attempts") : 0,
            Raw = row.OptionalString("raw"),
            ExpectedScore = row.OptionalNumber("expected_score"),
        };
    }
}
