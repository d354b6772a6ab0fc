using System.Globalization;
using System.Text.Json;

namespace KoJudge.Datasets;

/// <summary>
/// Typed access to one JSON object of a JSONL file (or of a whole JSON file, which has no line), failing with its
/// file, line and field. Nested objects report their fields with a dotted prefix (<c>query_single.judge_score</c>).
/// </summary>
public sealed class JsonRow
{
    private readonly string? prefix;

    public JsonRow(string file, int? line, JsonElement element, string? prefix = null)
    {
        File = file;
        Line = line;
        Element = element;
        this.prefix = prefix;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InputFormatException(file, line, prefix, $"must be a JSON object, not {Kind(element)}");
        }
    }

    public string File { get; }

    public int? Line { get; }

    public JsonElement Element { get; }

    /// <summary>Parses one line; invalid JSON fails with the character where it breaks.</summary>
    public static JsonDocument Parse(string file, int line, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw JsonSyntaxError.InLine(file, line, text, e);
        }
    }

    /// <summary>Parses a whole JSON file, with or without a byte order mark; invalid JSON fails with the line and character where it breaks.</summary>
    public static JsonDocument ParseFile(string file, byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        try
        {
            // JsonDocument reads a byte order mark as a character that cannot start a value.
            return JsonDocument.Parse(utf8.AsMemory(utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0));
        }
        catch (JsonException e)
        {
            throw JsonSyntaxError.InFile(file, utf8, e);
        }
    }

    public bool Has(string name) => Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string RequiredString(string name, bool allowEmpty = true)
    {
        var value = Required(name);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Fail(name, $"must be a string, not {Kind(value)}");
        }
        var text = value.GetString()!;
        return allowEmpty || text.Length > 0 ? text : throw Fail(name, "must not be empty");
    }

    /// <summary>A string with something in it: not empty, not only white space.</summary>
    public string RequiredText(string name)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw Fail(name, $"must be a non-empty string, not {(value.ValueKind == JsonValueKind.String ? "a blank string" : Describe(value))}");
    }

    public string? OptionalString(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Fail(name, $"must be a string or null, not {Kind(value)}");
    }

    public int RequiredInt(string name)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Fail(name, $"must be a whole number, not {Describe(value)}");
    }

    /// <summary>A whole number, or null where the field is missing or null.</summary>
    public int? OptionalInt(string name) =>
        Has(name) ? RequiredInt(name) : null;

    /// <summary>true or false, or null where the field is missing or null.</summary>
    public bool? OptionalBool(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Fail(name, $"must be true, false or null, not {Describe(value)}");
    }

    public double? OptionalNumber(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Fail(name, $"must be a number or null, not {Describe(value)}");
    }

    /// <summary>
    /// An enum written as one of its JSON names (<c>"no_verdict"</c>), or null; any other value fails with the names
    /// it may take.
    /// </summary>
    public T? OptionalEnum<T>(string name)
        where T : struct, Enum
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(text));
        }
        catch (JsonException)
        {
            throw Fail(name, $"'{text}' is none of {string.Join(", ", Enum.GetValues<T>().Select(v => JsonSerializer.Serialize(v)))}");
        }
    }

    /// <summary>An array of strings; <paramref name="allowNull"/> lets items be null (LogicKor's missing references).</summary>
    public IReadOnlyList<string?> StringArray(string name, bool allowNull = false)
    {
        var value = Required(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(name, $"must be an array, not {Kind(value)}");
        }
        var items = new List<string?>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Null when allowNull => null,
                _ => throw Fail($"{name}[{index}]", $"must be a string{(allowNull ? " or null" : "")}, not {Kind(item)}"),
            });
            index++;
        }
        return items;
    }

    public JsonRow? OptionalObject(string name) =>
        Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonRow(File, Line, value, FieldName(name))
            : null;

    public JsonElement Required(string name) =>
        Element.TryGetProperty(name, out var value) ? value : throw Fail(name, "missing");

    public InputFormatException Fail(string field, string problem) => new(File, Line, FieldName(field), problem);

    private string FieldName(string name) => prefix is null ? name : $"{prefix}.{name}";

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    private static string Describe(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetRawText().ToString(CultureInfo.InvariantCulture) : Kind(value);
}
