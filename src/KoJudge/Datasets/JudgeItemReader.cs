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
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InputFormatException(path, line, null, $"not valid JSON (at character {e.BytePositionInLine + 1}): {e.Message}");
        }
        using (json)
        {
            var row = json.RootElement;
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw new InputFormatException(path, line, null, $"each line must be a JSON object, not {row.ValueKind.ToString().ToLowerInvariant()}");
            }
            var fields = new RowFields(path, line, row);
            var id = fields.Id();
            var category = fields.OptionalString("category");
            return new JudgeItem(
                id,
                fields.RequiredString("instruction", allowEmpty: false),
                fields.RequiredString("response", allowEmpty: true),
                fields.OptionalString("reference"),
                fields.Rubric(category),
                category);
        }
    }

    /// <summary>Typed access to one row's fields, failing with the file, line and field.</summary>
    private readonly struct RowFields(string path, int line, JsonElement row)
    {
        public string Id()
        {
            if (!row.TryGetProperty("id", out var value))
            {
                throw Fail("id", "missing");
            }
            var id = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw Fail("id", $"must be a string or a whole number, not {Kind(value)}"),
            };
            return id.Length > 0 ? id : throw Fail("id", "must not be empty");
        }

        public string RequiredString(string name, bool allowEmpty)
        {
            if (!row.TryGetProperty(name, out var value))
            {
                throw Fail(name, "missing");
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                throw Fail(name, $"must be a string, not {Kind(value)}");
            }
            var text = value.GetString()!;
            return allowEmpty || text.Length > 0 ? text : throw Fail(name, "must not be empty");
        }

        public string? OptionalString(string name)
        {
            if (!row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw Fail(name, $"must be a string or null, not {Kind(value)}");
        }

        public Rubric Rubric(string? category)
        {
            if (!row.TryGetProperty("rubric", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return category is not null && RubricCatalog.Find(category) is { } byCategory
                    ? byCategory.Rubric
                    : throw Fail("rubric", category is null
                        ? "missing, and there is no category to take a built-in rubric from"
                        : $"missing, and category '{category}' names no built-in rubric ({RubricCatalog.KnownNames})");
            }
            return value.ValueKind switch
            {
                JsonValueKind.String => RubricCatalog.Find(value.GetString()!)?.Rubric
                    ?? throw Fail("rubric", $"unknown rubric '{value.GetString()}'; use one of {RubricCatalog.KnownNames}, or give an object with criteria and score1..score5"),
                JsonValueKind.Object => RubricCatalog.FromJson(value, path, line, "rubric"),
                _ => throw Fail("rubric", $"must be a rubric name or object, not {Kind(value)}"),
            };
        }

        private InputFormatException Fail(string field, string problem) => new(path, line, field, problem);

        private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
    }
}
