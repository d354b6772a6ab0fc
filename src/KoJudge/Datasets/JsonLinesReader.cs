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

    /// <param name="onUndecodable">Where a line that is not valid UTF-8 goes instead of failing the read; null to fail.</param>
    public static IEnumerable<(int Line, string Text)> ReadLines(string path, Action<InputFormatException>? onUndecodable = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        foreach (var line in ReadLines(path, stream, onUndecodable))
        {
            yield return line;
        }
    }

    /// <summary>Reads JSONL from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IEnumerable<(int Line, string Text)> ReadLines(string name, Stream stream, Action<InputFormatException>? onUndecodable = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[1 << 16];
        var filled = 0;
        var lineNumber = 0;
        var ended = false;
        while (!ended || filled > 0)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, filled);
            if (newline < 0 && !ended)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                ended = read == 0;
                filled += read;
                continue;
            }
            var length = newline < 0 ? filled : newline;
            lineNumber++;
            string? text;
            try
            {
                text = Decode(name, lineNumber, buffer.AsSpan(0, length));
            }
            catch (InputFormatException e) when (onUndecodable is not null)
            {
                onUndecodable(e);
                text = null;
            }
            var consumed = newline < 0 ? filled : newline + 1;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (lineNumber, text);
            }
        }
    }

    private static string Decode(string path, int lineNumber, ReadOnlySpan<byte> bytes)
    {
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
