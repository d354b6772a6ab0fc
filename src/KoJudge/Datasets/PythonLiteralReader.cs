using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KoJudge.Datasets;

/// <summary>
/// Reads a Python module that does nothing but assign literals (<c>NAME = …</c>): string, list and dict literals,
/// as JSON values (a string, an array, an object). LogicKor keeps its prompts (<c>PROMPT_STRATEGY</c>,
/// <c>JUDGE_TEMPLATE</c> in <c>templates.py</c>) in no other form, and no .NET library parses Python literals, so
/// this reads that much and no more: single-, double- and triple-quoted strings with their escapes, raw strings,
/// adjacent strings joined as Python joins them, lists and dicts with trailing commas, comments.
/// Anything else (a call, a name, a number, an f-string, an operator) is refused with its file and line, since its
/// value would need Python to compute it.
/// </summary>
public sealed class PythonLiteralReader
{
    private const string OnlyLiterals = "only string, list and dict literals are read";

    private readonly string file;
    private readonly string text;
    private int position;
    private string target = "";

    private PythonLiteralReader(string file, string text)
    {
        this.file = file;
        // Python reads source with universal newlines and skips a UTF-8 byte order mark.
        this.text = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    /// <summary>Reads a file as UTF-8 (Python's default for source).</summary>
    public static IReadOnlyDictionary<string, (int Line, JsonNode Value)> ReadFile(string path)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            throw new InputFormatException(path, null, null, "is not valid UTF-8");
        }
        return Read(path, text);
    }

    /// <summary>Each assigned name with the line it is assigned on and its value; a name assigned twice keeps the last, as in Python.</summary>
    public static IReadOnlyDictionary<string, (int Line, JsonNode Value)> Read(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PythonLiteralReader(file, text).Assignments();
    }

    private Dictionary<string, (int Line, JsonNode Value)> Assignments()
    {
        var assignments = new Dictionary<string, (int Line, JsonNode Value)>(StringComparer.Ordinal);
        while (true)
        {
            SkipBlankLines();
            if (position == text.Length)
            {
                return assignments;
            }
            if (position > 0 && text[position - 1] != '\n')
            {
                throw Refuse(null, "an indented line");
            }
            var line = LineAt(position);
            if (!IsNameStart(Peek()))
            {
                throw Refuse(null, $"found {Found()}; only assignments of a literal (NAME = ...) are read");
            }
            var name = ReadName();
            SkipSpace(inBrackets: false);
            if (Peek() != '=' || Peek(1) == '=')
            {
                throw Refuse(null, $"found {Found()} after the name {name}; only assignments of a literal (NAME = ...) are read");
            }
            position++;
            target = name;
            SkipSpace(inBrackets: false);
            var value = ReadValue(inBrackets: false);
            SkipSpace(inBrackets: false);
            if (position < text.Length && Peek() != '\n')
            {
                throw Refuse(target, $"found {Found()} after the value; {OnlyLiterals}");
            }
            assignments[name] = (line, value);
        }
    }

    private JsonNode ReadValue(bool inBrackets)
    {
        var c = Peek();
        if (StringPrefixLength() is not null)
        {
            var joined = new StringBuilder();
            // Adjacent literals are one string in Python ("a" "b" is "ab"), across lines only inside brackets.
            while (StringPrefixLength() is { } prefix)
            {
                joined.Append(ReadString(prefix));
                SkipSpace(inBrackets);
            }
            return JsonValue.Create(joined.ToString());
        }
        switch (c)
        {
            case '[':
                return ReadList();
            case '{':
                return ReadDict();
            case '(':
                position++;
                SkipSpace(inBrackets: true);
                if (Peek() == ')')
                {
                    throw Refuse(target, $"found an empty tuple; {OnlyLiterals}");
                }
                var inner = ReadValue(inBrackets: true);
                SkipSpace(inBrackets: true);
                if (Peek() != ')')
                {
                    throw Refuse(target, $"found {(Peek() == ',' ? "a tuple" : Found())} in parentheses; {OnlyLiterals}");
                }
                position++;
                return inner;
            default:
                throw Refuse(target, $"found {Found()}; {OnlyLiterals}");
        }
    }

    private JsonArray ReadList()
    {
        var list = new JsonArray();
        ReadItems(']', "list", () => list.Add(ReadValue(inBrackets: true)));
        return list;
    }

    private JsonObject ReadDict()
    {
        var dict = new JsonObject();
        ReadItems('}', "dict", () =>
        {
            var keyAt = position;
            var key = ReadValue(inBrackets: true);
            if (key is not JsonValue keyValue || !keyValue.TryGetValue(out string? name))
            {
                position = keyAt;
                throw Refuse(target, "found a dict key that is not a string; only string keys are read");
            }
            SkipSpace(inBrackets: true);
            if (Peek() != ':')
            {
                throw Refuse(target, $"found {Found()} after a dict key, where ':' belongs; {OnlyLiterals}");
            }
            position++;
            SkipSpace(inBrackets: true);
            // A key given twice keeps its last value, as in Python.
            dict[name] = ReadValue(inBrackets: true);
        });
        return dict;
    }

    /// <summary>Reads the comma-separated items of a list or dict, from its opening bracket to its closing one; a trailing comma is allowed.</summary>
    private void ReadItems(char close, string what, Action readItem)
    {
        position++;
        while (true)
        {
            SkipSpace(inBrackets: true);
            if (Peek() == close)
            {
                position++;
                return;
            }
            readItem();
            SkipSpace(inBrackets: true);
            if (Peek() == ',')
            {
                position++;
            }
            else if (Peek() != close)
            {
                throw Refuse(target, $"found {Found()} in a {what}, where ',' or '{close}' belongs; {OnlyLiterals}");
            }
        }
    }

    /// <summary>The length of the prefix (<c>r</c>, <c>u</c>, …) of a string literal that starts here, or null where none does.</summary>
    private int? StringPrefixLength()
    {
        var length = 0;
        while (length < 2 && position + length < text.Length && "rRuUbBfF".Contains(text[position + length], StringComparison.Ordinal))
        {
            length++;
        }
        return position + length < text.Length && text[position + length] is '"' or '\'' ? length : null;
    }

    private string ReadString(int prefixLength)
    {
        var start = position;
        var prefix = text.Substring(position, prefixLength).ToLowerInvariant();
        if (prefix.Contains('f', StringComparison.Ordinal))
        {
            throw Refuse(target, $"found an f-string ({prefix}\"...\"), whose value is computed when Python runs; {OnlyLiterals}");
        }
        if (prefix.Contains('b', StringComparison.Ordinal))
        {
            throw Refuse(target, $"found a bytes literal ({prefix}\"...\"); {OnlyLiterals}");
        }
        if (prefix is not ("" or "r" or "u"))
        {
            throw Refuse(target, $"found the string prefix '{prefix}', which Python does not accept");
        }
        var raw = prefix == "r";
        position += prefixLength;
        var quote = text[position];
        var triple = Peek(1) == quote && Peek(2) == quote;
        position += triple ? 3 : 1;
        var value = new StringBuilder();
        while (true)
        {
            if (position == text.Length || (!triple && text[position] == '\n'))
            {
                position = start;
                throw Refuse(target, "found a string that is never closed");
            }
            var c = text[position];
            if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
            {
                position += triple ? 3 : 1;
                return value.ToString();
            }
            if (c != '\\')
            {
                value.Append(c);
                position++;
            }
            else if (raw)
            {
                // A raw string keeps the backslash, and the backslash still keeps the next character from closing it.
                value.Append(c);
                if (position + 1 < text.Length)
                {
                    value.Append(text[position + 1]);
                }
                position += 2;
            }
            else
            {
                ReadEscape(value);
            }
        }
    }

    private void ReadEscape(StringBuilder value)
    {
        var at = position;
        position++;
        if (position == text.Length)
        {
            return;
        }
        var c = text[position++];
        switch (c)
        {
            case '\n':
                break;
            case '\\' or '\'' or '"':
                value.Append(c);
                break;
            case 'a': value.Append('\a'); break;
            case 'b': value.Append('\b'); break;
            case 'f': value.Append('\f'); break;
            case 'n': value.Append('\n'); break;
            case 'r': value.Append('\r'); break;
            case 't': value.Append('\t'); break;
            case 'v': value.Append('\v'); break;
            case >= '0' and <= '7':
                var octal = c - '0';
                for (var digits = 1; digits < 3 && Peek() is >= '0' and <= '7'; digits++)
                {
                    octal = (octal * 8) + (text[position++] - '0');
                }
                value.Append((char)octal);
                break;
            case 'x':
                value.Append((char)Hex(at, 2));
                break;
            case 'u':
                value.Append((char)Hex(at, 4));
                break;
            case 'U':
                value.Append(char.ConvertFromUtf32(Hex(at, 8)));
                break;
            case 'N':
                position = at;
                throw Refuse(target, $"found a named character escape (\\N{{...}}); write the character itself");
            default:
                // Python keeps an unknown escape as it stands, backslash and all (with a warning).
                value.Append('\\').Append(c);
                break;
        }
    }

    private int Hex(int escapeAt, int digits)
    {
        if (position + digits > text.Length || !long.TryParse(text.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            position = escapeAt;
            throw Refuse(target, $"found an escape \\{text[escapeAt + 1]} without its {digits} hex digits");
        }
        position += digits;
        if (code > 0x10FFFF || (digits == 8 && code is >= 0xD800 and <= 0xDFFF))
        {
            position = escapeAt;
            throw Refuse(target, $"found the escape \\U{code:x8}, which names no Unicode character");
        }
        return (int)code;
    }

    /// <summary>Skips spaces, comments and line continuations; inside brackets, line ends too, as Python does.</summary>
    private void SkipSpace(bool inBrackets)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c is ' ' or '\t' or '\f' || (inBrackets && c == '\n'))
            {
                position++;
            }
            else if (c == '\\' && Peek(1) == '\n')
            {
                position += 2;
            }
            else if (c == '#')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// Skips empty lines and lines of only a comment, up to the next statement; indentation in front of it is skipped
    /// too, and the caller refuses it by the character before.
    /// </summary>
    private void SkipBlankLines()
    {
        while (position < text.Length)
        {
            SkipSpace(inBrackets: false);
            if (position == text.Length || text[position] != '\n')
            {
                return;
            }
            position++;
        }
    }

    private string ReadName()
    {
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }
        return text[start..position];
    }

    /// <summary>What stands at the position, in words, for a refusal.</summary>
    private string Found()
    {
        if (position >= text.Length)
        {
            return "the end of the file";
        }
        var c = text[position];
        if (c == '\n')
        {
            return "the end of the line";
        }
        if (char.IsDigit(c) || (c is '-' or '+' or '.' && char.IsDigit(Peek(1))))
        {
            return "a number";
        }
        if (IsNameStart(c))
        {
            var end = position;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }
            var name = text[position..end];
            while (end < text.Length && text[end] is ' ' or '\t')
            {
                end++;
            }
            return end < text.Length && text[end] == '(' ? $"a call of {name}(...)" : $"the name {name} (a reference, not a literal)";
        }
        return $"'{c}'";
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private char Peek(int ahead = 0) => position + ahead < text.Length ? text[position + ahead] : '\0';

    private int LineAt(int at) => 1 + text.AsSpan(0, Math.Min(at, text.Length)).Count('\n');

    private InputFormatException Refuse(string? field, string problem) => new(file, LineAt(position), field is null or "" ? null : field, problem);
}
