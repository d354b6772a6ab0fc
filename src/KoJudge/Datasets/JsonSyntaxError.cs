using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KoJudge.Datasets;

/// <summary>
/// Invalid JSON as KoJudge reports it: at its own position (the file's line, the character in it) and with
/// System.Text.Json's reason alone. The library ends its message with a location of its own, whose line counts from 0
/// within the text it was given and whose position counts UTF-8 bytes, which would contradict the file:line in front.
/// </summary>
public static partial class JsonSyntaxError
{
    /// <summary>Invalid JSON on one line of a JSONL file.</summary>
    public static InputFormatException InLine(string file, int line, string text, JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(exception);
        return new InputFormatException(file, line, null, Describe(Encoding.UTF8.GetBytes(text), exception.BytePositionInLine, exception));
    }

    /// <summary>Invalid JSON in a whole JSON file, read as <paramref name="utf8"/>.</summary>
    public static InputFormatException InFile(string file, ReadOnlySpan<byte> utf8, JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.LineNumber is not { } line)
        {
            return new InputFormatException(file, null, null, Describe([], null, exception));
        }
        // The library counts lines by '\n' from 0, as the bytes are split here, and skips a byte order mark.
        var rest = utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;
        for (var skipped = 0L; skipped < line && rest.IndexOf((byte)'\n') is var newline and >= 0; skipped++)
        {
            rest = rest[(newline + 1)..];
        }
        var end = rest.IndexOf((byte)'\n');
        return new InputFormatException(file, (int)line + 1, null, Describe(end < 0 ? rest : rest[..end], exception.BytePositionInLine, exception));
    }

    /// <summary>The library's reason without its location.</summary>
    public static string Reason(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return LibraryLocation().Replace(exception.Message, "").TrimEnd();
    }

    private static string Describe(ReadOnlySpan<byte> line, long? bytePosition, JsonException exception)
    {
        if (bytePosition is not { } position)
        {
            return $"not valid JSON: {Reason(exception)}";
        }
        var before = Encoding.UTF8.GetString(line[..(int)Math.Min(position, line.Length)]);
        return $"not valid JSON at character {before.EnumerateRunes().Count() + 1}: {Reason(exception)}";
    }

    [GeneratedRegex(@"\s*(?:Path: \S* \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.\s*\z")]
    private static partial Regex LibraryLocation();
}
