using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.LogicKor;

/// <summary>
/// Reads LogicKor's JSONL files, v1 and v2 alike: <c>questions.jsonl</c>, generated answers and judgments.
/// A UTF-8 BOM and any row order are accepted; every malformed row is reported with its file, line and field.
/// </summary>
public static class LogicKorReader
{
    /// <param name="requireOutputs">Answers and judgments must have the model's outputs; questions have none.</param>
    public static IReadOnlyList<LogicKorRecord> Read(string path, bool requireOutputs = true)
    {
        var records = new List<LogicKorRecord>();
        var lineOfId = new Dictionary<int, int>();
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            var record = ParseLine(path, line, text, requireOutputs);
            if (!lineOfId.TryAdd(record.Id, line))
            {
                throw new InputFormatException(path, line, "id", $"duplicate id {record.Id} (first on line {lineOfId[record.Id]})");
            }
            records.Add(record);
        }
        // An empty file is no answers and no judgments: scoring it would print an empty success.
        return records.Count > 0 ? records : throw new InputFormatException(path, null, null, "holds no rows");
    }

    public static LogicKorRecord ParseLine(string path, int line, string text, bool requireOutputs)
    {
        using var json = JsonRow.Parse(path, line, text);
        var row = new JsonRow(path, line, json.RootElement);
        var questions = row.StringArray("questions");
        if (questions.Count == 0)
        {
            throw row.Fail("questions", "must hold at least one turn");
        }
        string[]? outputs = null;
        if (requireOutputs || row.Has("outputs"))
        {
            outputs = row.StringArray("outputs").Select(o => o!).ToArray();
            if (outputs.Length == 0)
            {
                throw row.Fail("outputs", "must hold at least the first turn's answer");
            }
        }
        return new LogicKorRecord
        {
            Id = row.RequiredInt("id"),
            Category = row.RequiredString("category", allowEmpty: false),
            Questions = questions.Select(q => q!).ToArray(),
            Outputs = outputs,
            References = row.Has("references") ? row.StringArray("references", allowNull: true) : [],
            SingleTurn = Judgment(row, "query_single"),
            MultiTurn = Judgment(row, "query_multi"),
            Judge = row.OptionalString("judge"),
            Error = row.OptionalString("error"),
            ErrorKind = row.OptionalEnum<ErrorKind>("error_kind"),
            RequestHash = row.OptionalString("request_hash"),
        };
    }

    private static LogicKorTurnJudgment? Judgment(JsonRow row, string name)
    {
        var judgment = row.OptionalObject(name);
        if (judgment is null)
        {
            return null;
        }
        var score = judgment.OptionalNumber("judge_score");
        if (score is < 0 or > 10)
        {
            // LogicKor's judges score 0 to 10 (Prometheus's 1 to 5 fits too); anything else would skew every mean it enters.
            throw judgment.Fail("judge_score", $"must be null or a number from 0 to 10, not {score.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        var error = judgment.OptionalString("error");
        if (score is null && error is null)
        {
            throw judgment.Fail("judge_score", "missing, and there is no error to say why");
        }
        return new LogicKorTurnJudgment(judgment.OptionalString("judge_message") ?? "", score, error, judgment.OptionalEnum<ErrorKind>("error_kind"));
    }
}
