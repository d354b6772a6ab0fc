using System.Globalization;
using System.Text.Json;
using KoJudge.Judging;
using KoJudge.Prompts;

namespace KoJudge.Datasets;

/// <summary>
/// Reads and validates a JSONL file of items to judge. Each line is an object with <c>id</c>, <c>instruction</c>,
/// <c>response</c>, optional <c>reference</c>, <c>rubric</c> (a built-in key, a LogicKor category name, or a rubric
/// object) and optional <c>category</c>; a missing rubric falls back to the category's built-in one.
/// The whole file is checked before any work starts, and every problem names its file, line and field.
/// </summary>
public static class JudgeItemReader
{
    public static IReadOnlyList<JudgeItem> ReadAll(string path) => Read(path, JsonLinesReader.ReadLines(path));

    /// <summary>Reads items from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IReadOnlyList<JudgeItem> ReadAll(string name, Stream stream) => Read(name, JsonLinesReader.ReadLines(name, stream));

    private static List<JudgeItem> Read(string path, IEnumerable<(int Line, string Text)> lines)
    {
        var items = new List<JudgeItem>();
        var lineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, text) in lines)
        {
            var item = ParseLine(path, line, text);
            if (!lineOfId.TryAdd(item.Id, line))
            {
                throw new InputFormatException(path, line, "id", $"duplicate id '{item.Id}' (first on line {lineOfId[item.Id]})");
            }
            items.Add(item);
        }
        return items;
    }

    public static JudgeItem ParseLine(string path, int line, string text)
    {
        using var json = JsonRow.Parse(path, line, text);
        return Parse(new JsonRow(path, line, json.RootElement));
    }

    /// <summary>Reads one item from a parsed row, such as a training row that also carries a labelled verdict.</summary>
    public static JudgeItem Parse(JsonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = Id(row);
        var category = row.OptionalString("category");
        return new JudgeItem(
            id,
            row.RequiredString("instruction", allowEmpty: false),
            row.RequiredString("response"),
            row.OptionalString("reference"),
            Rubric(row, category),
            category);
    }

    /// <summary>A row's <c>id</c>: a non-empty string, or a whole number written as text.</summary>
    internal static string Id(JsonRow row)
    {
        var value = row.Required("id");
        var id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => throw row.Fail("id", $"must be a string or a whole number, not {value.ValueKind.ToString().ToLowerInvariant()}"),
        };
        return id.Length > 0 ? id : throw row.Fail("id", "must not be empty");
    }

    private static Rubric Rubric(JsonRow row, string? category) =>
        OptionalRubric(row, category) ?? throw row.Fail("rubric", category is null
            ? "missing, and there is no category to take a built-in rubric from"
            : $"missing, and category '{category}' names no built-in rubric ({RubricCatalog.KnownNames})");

    /// <summary>
    /// A row's <c>rubric</c> (a built-in name or a rubric object), else the built-in rubric its category names, else null.
    /// A rubric that is given and cannot be read fails with its field.
    /// </summary>
    internal static Rubric? OptionalRubric(JsonRow row, string? category)
    {
        if (!row.Has("rubric"))
        {
            return category is not null && RubricCatalog.Find(category) is { } byCategory ? byCategory.Rubric : null;
        }
        var value = row.Required("rubric");
        return value.ValueKind switch
        {
            JsonValueKind.String => RubricCatalog.Find(value.GetString()!)?.Rubric
                ?? throw row.Fail("rubric", $"unknown rubric '{value.GetString()}'; use one of {RubricCatalog.KnownNames}, or give an object with criteria and score1..score5"),
            JsonValueKind.Object => RubricCatalog.FromJson(value, row.File, row.Line, "rubric"),
            _ => throw row.Fail("rubric", $"must be a rubric name or object, not {value.ValueKind.ToString().ToLowerInvariant()}"),
        };
    }
}
