using System.Text;

namespace KoJudge.Datasets;

/// <summary>
/// Reads a JSONL file line by line, with the 1-based line number of each non-blank line.
/// </summary>
/// <remarks>
/// Written by hand because <see cref="StreamReader"/> either replaces invalid UTF-8 silently or throws
/// from a read-ahead buffer, where the line at fault is unknown. This splits the bytes on '\n' first and
/// decodes each line strictly, so invalid UTF-8 is reported on its own line.
/// </remarks>
public static class JsonLinesReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<(int Line, string Text)> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        foreach (var line in ReadLines(path, stream))
        {
            yield return line;
        }
    }

    /// <summary>Reads JSONL from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IEnumerable<(int Line, string Text)> ReadLines(string name, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var line = new MemoryStream();
        var lineNumber = 0;
        int next;
        do
        {
            next = stream.ReadByte();
            if (next != '\n' && next != -1)
            {
                line.WriteByte((byte)next);
                continue;
            }
            if (next == -1 && line.Length == 0)
            {
                break;
            }
            lineNumber++;
            var text = Decode(name, lineNumber, line);
            line.SetLength(0);
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (lineNumber, text);
            }
        }
        while (next != -1);
    }

    private static string Decode(string path, int lineNumber, MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (lineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        try
        {
            return StrictUtf8.GetString(bytes).TrimEnd('\r');
        }
        catch (DecoderFallbackException e)
        {
            throw new InputFormatException(path, lineNumber, null, $"invalid UTF-8 at byte {e.Index} of the line");
        }
    }
}
