using System.Text.Json;
using KoJudge.Datasets;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// Typed reads of the fields of a Hugging Face JSON file (<c>config.json</c>, <c>tokenizer_config.json</c>,
/// <c>adapter_config.json</c>), each failure an <see cref="InputFormatException"/> naming the file and the field.
/// </summary>
internal sealed class HuggingFaceJson(string file, JsonElement root, string prefix = "")
{
    public string File { get; } = file;

    public JsonElement Root { get; } = root;

    public static JsonDocument Parse(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            throw new InputFormatException(file, null, null, "not found");
        }
        var document = JsonRow.ParseFile(file, System.IO.File.ReadAllBytes(file));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new InputFormatException(file, null, null, "must be a JSON object");
        }
        return document;
    }

    public JsonElement? Optional(string name) =>
        Root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public int Int(string name, int? fallback = null, int minimum = 1)
    {
        if (Optional(name) is not { } value)
        {
            return fallback ?? throw Problem(name, "is missing");
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Problem(name, $"must be a whole number, not {value.GetRawText()}");
        }
        return number >= minimum ? number : throw Problem(name, $"must be at least {minimum}, not {number}");
    }

    public double Double(string name, double? fallback = null)
    {
        if (Optional(name) is not { } value)
        {
            return fallback ?? throw Problem(name, "is missing");
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Problem(name, $"must be a number, not {value.GetRawText()}");
    }

    public bool Bool(string name, bool fallback) => Optional(name) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        var value => throw Problem(name, $"must be true or false, not {value.Value.GetRawText()}"),
    };

    public string? String(string name) => Optional(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        var value => throw Problem(name, $"must be a string, not {value.Value.GetRawText()}"),
    };

    public HuggingFaceJson Object(string name) => Optional(name) switch
    {
        { ValueKind: JsonValueKind.Object } value => new HuggingFaceJson(File, value, $"{prefix}{name}."),
        null => throw Problem(name, "is missing"),
        var value => throw Problem(name, $"must be an object, not {value.Value.GetRawText()}"),
    };

    public InputFormatException Problem(string field, string problem) => new(File, null, prefix + field, problem);
}
