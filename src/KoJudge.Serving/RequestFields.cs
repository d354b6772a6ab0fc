using System.Globalization;
using System.Text.Json;

namespace KoJudge.Serving;

/// <summary>
/// The fields of one JSON object in a request, read with OpenAI's types and ranges. A field that is absent or null
/// reads as null, as OpenAI treats its optional fields; a field of the wrong type or out of range fails with its path
/// (<c>messages[0].role</c>) and the value it had.
/// </summary>
internal sealed class RequestFields(JsonElement element, string? path = null)
{
    private const int ShownValueLength = 40;

    public JsonElement? Optional(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string? String(string name) => Optional(name) is { } value ? Text(value, PathOf(name)) : null;

    public bool? Boolean(string name) =>
        Optional(name) is not { } value ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Expected(name, "true or false");

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; 1.0 or 1e2 are not whole numbers in JSON's text, as OpenAI reads them.</summary>
    public long? WholeNumber(string name, long min, long max, string expected) =>
        Optional(name) is not { } value ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max ? number
        : throw Expected(name, expected);

    public double? Number(string name, double min, double max) =>
        Optional(name) is not { } value ? null
        // 1e400 reads as infinity, which the range refuses with NaN.
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max ? number
        : throw Expected(name, string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"));

    public BadRequestException Fail(string name, string problem) => new(PathOf(name), problem);

    /// <summary>The field is missing or is not what it must be: the message says which, and what the client sent.</summary>
    public BadRequestException Expected(string name, string expected) =>
        Fail(name, Optional(name) is { } value ? $"must be {expected}, not {Describe(value)}" : $"is missing: it must be {expected}");

    public string PathOf(string name) => path is null ? name : $"{path}.{name}";

    /// <summary>The items of an array, each an object read with its path (<c>messages[2]</c>).</summary>
    public static IEnumerable<RequestFields> Objects(JsonElement array, string path, string expected)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            yield return item.ValueKind == JsonValueKind.Object
                ? new RequestFields(item, itemPath)
                : throw new BadRequestException(itemPath, $"must be {expected}, not {Describe(item)}");
        }
    }

    /// <summary>
    /// A JSON string as .NET text. JSON's <c>\ud800</c> escapes can spell a lone surrogate, which no UTF-8 encoder
    /// (nor the tokenizer) can take, so it is refused here rather than failing deep in the engine.
    /// </summary>
    public static string Text(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new BadRequestException(path, $"must be a string, not {Describe(value)}");
        }
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new BadRequestException(path, "holds a lone surrogate (a \\ud800-\\udfff escape without its pair): text must be valid UTF-16");
        }
    }

    /// <summary>The value as the client wrote it, cut short; arrays and objects by their kind alone.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {value.GetArrayLength()}",
        _ when value.GetRawText() is { Length: > ShownValueLength } raw => $"{raw[..Cut(raw)]}…",
        _ => value.GetRawText(),
    };

    // Never between the halves of a surrogate pair: the message itself must stay valid UTF-16.
    private static int Cut(string raw) => char.IsHighSurrogate(raw[ShownValueLength - 1]) ? ShownValueLength - 1 : ShownValueLength;
}
