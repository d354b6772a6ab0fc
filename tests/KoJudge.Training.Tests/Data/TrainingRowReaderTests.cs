using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.Prompts;
using KoJudge.Training.Data;

namespace KoJudge.Training.Tests.Data;

public sealed class TrainingRowReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kojudge-data-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task JSONL_and_parquet_give_the_same_rows_with_their_own_origins()
    {
        var rows = FeedbackCollectionRows.Good();
        var jsonl = Path.Combine(folder, "train.jsonl");
        var parquet = Path.Combine(folder, "train.parquet");
        FeedbackCollectionRows.WriteJsonLines(jsonl, rows);
        await FeedbackCollectionRows.WriteParquetAsync(parquet, rows);
        Assert.Equal(2, await FeedbackCollectionRows.RowGroupCountAsync(parquet));

        var fromJson = await TrainingRowReader.ReadAsync(jsonl, cancellationToken: TestContext.Current.CancellationToken);
        var fromParquet = await TrainingRowReader.ReadAsync(parquet, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(fromJson.IsValid, string.Join("\n", fromJson.Problems.Select(p => p.Message)));
        Assert.True(fromParquet.IsValid, string.Join("\n", fromParquet.Problems.Select(p => p.Message)));
        Assert.Equal(fromJson.Rows.Select(r => r with { Origin = null! }), fromParquet.Rows.Select(r => r with { Origin = null! }));
        Assert.Equal([new RowOrigin(jsonl, 1), new RowOrigin(jsonl, 2), new RowOrigin(jsonl, 3)], fromJson.Rows.Select(r => r.Origin));
        Assert.Equal([new RowOrigin(parquet, 1), new RowOrigin(parquet, 2), new RowOrigin(parquet, 3)], fromParquet.Rows.Select(r => r.Origin));
        // The rubric a row carries is the one the judge would be given: the seed's own math rubric comes back whole.
        Assert.Equal(RubricCatalog.Find("math")!.Rubric, fromJson.Rows[0].Item.Rubric);
        Assert.Equal([5, 3, 1], fromJson.Rows.Select(r => r.Score));
        Assert.Null(fromJson.Rows[1].Item.Reference);
    }

    [Fact]
    public async Task KoJudge_items_with_feedback_and_score_are_read_as_the_judge_reads_items()
    {
        var path = Path.Combine(folder, "items.jsonl");
        var item = new Dictionary<string, object?> { ["id"] = "m1", ["instruction"] = "1+1은?", ["response"] = "2", ["reference"] = "2", ["rubric"] = "math" };
        File.WriteAllLines(path, [JsonSerializer.Serialize(item.Append(new("feedback", "정확합니다.")).Append(new("score", 5)).ToDictionary())]);

        var set = await TrainingRowReader.ReadAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        var row = Assert.Single(set.Rows);
        Assert.Equal(JudgeItemReader.ParseLine(path, 1, JsonSerializer.Serialize(item)), row.Item);
        Assert.Equal(("정확합니다.", 5), (row.Feedback, row.Score));
    }

    [Fact]
    public async Task Every_bad_row_is_named_by_file_line_and_field()
    {
        var good = FeedbackCollectionRows.Good()[0];
        Dictionary<string, object?> With(string field, object? value) => new(good) { [field] = value };
        var missing = new Dictionary<string, object?>(good);
        missing.Remove("orig_score3_description");
        var path = Path.Combine(folder, "bad.jsonl");
        File.WriteAllLines(path,
        [
            JsonSerializer.Serialize(good),
            JsonSerializer.Serialize(missing),
            JsonSerializer.Serialize(With("orig_score", 6)),
            JsonSerializer.Serialize(With("orig_score", "four")),
            JsonSerializer.Serialize(With("orig_feedback", "")),
            JsonSerializer.Serialize(With("orig_instruction", 42)),
            JsonSerializer.Serialize(new { id = "x", instruction = "질문", response = "답", rubric = "math", feedback = "좋음", score = "4.5" }),
            "{not json",
        ]);

        var set = await TrainingRowReader.ReadAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Single(set.Rows);
        Assert.Equal(
            [(2, "orig_score3_description"), (3, "orig_score"), (4, "orig_score"), (5, "orig_feedback"), (6, "orig_instruction"), (7, "score"), (8, (string?)null)],
            set.Problems.Select(p => (p.Line!.Value, p.Field)));
        Assert.All(set.Problems, p => Assert.Equal(path, p.File));
        Assert.Equal($"{path}:3: field 'orig_score': must be a score from 1 to 5 (a whole number, or one written as text), not 6", set.Problems[1].Message);
        Assert.Contains("'four'", set.Problems[2].Message, StringComparison.Ordinal);
        Assert.Equal("must be a string, not number", set.Problems[4].Problem);
        Assert.Equal(0, set.ProblemsLeftOff);
    }

    [Fact]
    public async Task A_parquet_column_of_the_wrong_type_is_named_on_each_row_and_problems_past_the_limit_are_counted()
    {
        var path = Path.Combine(folder, "bad.parquet");
        var rows = FeedbackCollectionRows.Good();
        foreach (var row in rows)
        {
            row["orig_instruction"] = 7L;
        }
        await FeedbackCollectionRows.WriteParquetAsync(path, rows, instructionAsNumber: true);

        var set = await TrainingRowReader.ReadAsync(path, maxProblems: 2, TestContext.Current.CancellationToken);

        Assert.Empty(set.Rows);
        Assert.Equal([(1, "orig_instruction"), (2, "orig_instruction")], set.Problems.Select(p => (p.Line!.Value, p.Field!)));
        Assert.Equal(1, set.ProblemsLeftOff);
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_reported_as_such()
    {
        var path = Path.Combine(folder, "train.parquet");
        await File.WriteAllTextAsync(path, "{\"orig_instruction\": \"x\"}\n", TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<InputFormatException>(async () => await TrainingRowReader.ReadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(path, e.File);
        Assert.Null(e.Line);
    }
}
