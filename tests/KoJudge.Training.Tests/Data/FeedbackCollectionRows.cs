using System.Text.Json;
using KoJudge.Prompts;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace KoJudge.Training.Tests.Data;

/// <summary>Rows in the Feedback-Collection schema, written as JSONL (scores as text, as Feedback-Collection's JSON has them) or as parquet (scores as int64, as Feedback-Bench's parquet has them).</summary>
internal static class FeedbackCollectionRows
{
    public static readonly string[] TextFields =
    [
        "orig_instruction", "orig_response", "orig_reference_answer", "orig_criteria",
        "orig_score1_description", "orig_score2_description", "orig_score3_description", "orig_score4_description", "orig_score5_description",
        "orig_feedback",
    ];

    /// <summary>The seed's worked example with the math rubric, a Korean row without a reference, and one whose answer is full of braces.</summary>
    public static List<Dictionary<string, object?>> Good()
    {
        var example = KoPrometheusSeed.Example;
        var math = RubricCatalog.Find("math")!.Rubric;
        var reasoning = RubricCatalog.Find("reasoning")!.Rubric;
        return
        [
            Row(example.Instruction, example.Response, example.Reference, math, "미분을 정확히 했습니다.", 5),
            Row("서울의 인구를 설명하시오.", "서울에는 약 천만 명이 삽니다.\n\n근거는 통계청입니다.", null, reasoning, "근거가 약합니다.", 3),
            Row("JSON을 쓰시오.", "{\"a\": {response}}", "{\"a\": 1}", math, "형식이 틀렸습니다 {}.", 1),
        ];
    }

    public static Dictionary<string, object?> Row(string instruction, string response, string? reference, Rubric rubric, string feedback, long score) => new()
    {
        ["orig_instruction"] = instruction,
        ["orig_response"] = response,
        ["orig_reference_answer"] = reference,
        ["orig_criteria"] = rubric.Criteria,
        ["orig_score1_description"] = rubric.Score1,
        ["orig_score2_description"] = rubric.Score2,
        ["orig_score3_description"] = rubric.Score3,
        ["orig_score4_description"] = rubric.Score4,
        ["orig_score5_description"] = rubric.Score5,
        ["orig_feedback"] = feedback,
        ["orig_score"] = score,
    };

    public static void WriteJsonLines(string path, IEnumerable<Dictionary<string, object?>> rows) =>
        File.WriteAllLines(path, rows.Select(row => JsonSerializer.Serialize(row.ToDictionary(p => p.Key, p => p.Value is long score ? score.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Value))));

    /// <summary>
    /// Writes parquet with Parquet.Net in row groups of two rows, so a reader must number rows across groups;
    /// <paramref name="instructionAsNumber"/> gives the instruction column the wrong type.
    /// </summary>
    public static async Task WriteParquetAsync(string path, IReadOnlyCollection<Dictionary<string, object?>> rows, bool instructionAsNumber = false)
    {
        var fields = TextFields.Select(name => name == "orig_instruction" && instructionAsNumber ? (Field)new DataField<long>(name) : new DataField<string>(name))
            .Append(new DataField<long>("orig_score"));
        await using var stream = File.Create(path);
        await ParquetSerializer.SerializeUntypedAsync(
            rows.Select(r => (IDictionary<string, object?>)r).ToList(),
            new ParquetSchema(fields),
            stream,
            new ParquetOptions { RowGroupSize = 2 },
            cancellationToken: TestContext.Current.CancellationToken);
    }

    public static async Task<int> RowGroupCountAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        return reader.RowGroupCount;
    }
}
