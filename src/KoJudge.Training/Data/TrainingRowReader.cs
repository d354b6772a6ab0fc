using System.Globalization;
using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Prompts;
using Parquet;
using Parquet.Serialization;

namespace KoJudge.Training.Data;

/// <summary>
/// Reads and checks a training file, JSONL or parquet (by its <c>.parquet</c> name), whose rows are either in the
/// Feedback-Collection schema (<c>orig_instruction</c>, <c>orig_response</c>, <c>orig_reference_answer</c>,
/// <c>orig_criteria</c>, <c>orig_score1_description</c> … <c>orig_score5_description</c>, <c>orig_feedback</c>,
/// <c>orig_score</c>), as K2-Feedback and Feedback-Collection ship them, or KoJudge items with <c>feedback</c> and
/// <c>score</c>. Every row is checked, and each bad one is reported with its file, row and field.
/// </summary>
public static class TrainingRowReader
{
    /// <summary>How many problems a read keeps by default; the rest are counted.</summary>
    public const int DefaultMaxProblems = 20;

    private const string SchemaPrefix = "orig_";

    /// <exception cref="InputFormatException">The file cannot be read as parquet at all.</exception>
    public static async ValueTask<TrainingRowSet> ReadAsync(string path, int maxProblems = DefaultMaxProblems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var collector = new Collector(maxProblems);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            await ReadParquetAsync(path, collector, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var (line, text) in JsonLinesReader.ReadLines(path, collector.Add))
            {
                cancellationToken.ThrowIfCancellationRequested();
                collector.Try(() =>
                {
                    using var json = JsonRow.Parse(path, line, text);
                    return Parse(new JsonRow(path, line, json.RootElement));
                });
            }
        }
        return collector.ToSet();
    }

    /// <summary>Reads one row of either schema; a row with any <c>orig_</c> field is read as Feedback-Collection's.</summary>
    /// <exception cref="InputFormatException">The row is bad; the exception names its field.</exception>
    public static TrainingRow Parse(JsonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var origin = new RowOrigin(row.File, row.Line ?? 0);
        if (row.Element.EnumerateObject().Any(p => p.Name.StartsWith(SchemaPrefix, StringComparison.Ordinal)))
        {
            var rubric = new Rubric(
                row.RequiredText("orig_criteria"),
                row.RequiredText("orig_score1_description"),
                row.RequiredText("orig_score2_description"),
                row.RequiredText("orig_score3_description"),
                row.RequiredText("orig_score4_description"),
                row.RequiredText("orig_score5_description"));
            var item = new JudgeItem(
                origin.Row.ToString(CultureInfo.InvariantCulture),
                row.RequiredString("orig_instruction", allowEmpty: false),
                row.RequiredString("orig_response"),
                row.OptionalString("orig_reference_answer"),
                rubric);
            return new TrainingRow(item, row.RequiredText("orig_feedback"), Score(row, "orig_score"), origin);
        }
        return new TrainingRow(JudgeItemReader.Parse(row), row.RequiredText("feedback"), Score(row, "score"), origin);
    }

    /// <summary>A score from 1 to 5, as a number or as text: Feedback-Collection's JSON writes "4", Feedback-Bench's parquet an int64.</summary>
    private static int Score(JsonRow row, string field)
    {
        var value = row.Required(field);
        int? score = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
        return score is >= 1 and <= 5
            ? score.Value
            : throw row.Fail(field, $"must be a score from 1 to 5 (a whole number, or one written as text), not {(value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText())}");
    }

    // Each parquet row becomes the JSON object it would be in a JSONL file, so both formats pass the very same checks
    // and a column of the wrong type is named as a JSON field of the wrong kind would be. Row group by row group, so a
    // dataset of 100,000 rows is never held in memory as Parquet.Net's dictionaries all at once.
    private static async ValueTask ReadParquetAsync(string path, Collector collector, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var groups = await ParquetAsync(path, async () =>
            {
                var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return reader.RowGroupCount;
                }
            }).ConfigureAwait(false);
            var number = 0;
            for (var group = 0; group < groups; group++)
            {
                var index = group;
                var rows = await ParquetAsync(path, async () =>
                    (await ParquetSerializer.DeserializeUntypedAsync(stream, rowGroupIndex: index, cancellationToken: cancellationToken).ConfigureAwait(false)).Data).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var element = JsonSerializer.SerializeToElement(row);
                    var line = ++number;
                    collector.Try(() => Parse(new JsonRow(path, line, element)));
                }
            }
        }
    }

    private static async Task<T> ParquetAsync<T>(string path, Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ParquetException)
        {
            throw new InputFormatException(path, null, null, $"not a parquet file Parquet.Net can read ({e.Message.TrimEnd('.')})");
        }
    }

    private sealed class Collector(int maxProblems)
    {
        private readonly List<TrainingRow> rows = [];
        private readonly List<InputFormatException> problems = [];
        private int leftOff;

        public void Try(Func<TrainingRow> read)
        {
            try
            {
                rows.Add(read());
            }
            catch (InputFormatException e)
            {
                Add(e);
            }
        }

        public void Add(InputFormatException problem)
        {
            if (problems.Count < maxProblems)
            {
                problems.Add(problem);
            }
            else
            {
                leftOff++;
            }
        }

        public TrainingRowSet ToSet() => new(rows, problems, leftOff);
    }
}
