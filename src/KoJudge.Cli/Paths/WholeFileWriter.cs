using System.Text;

namespace KoJudge.Cli.Paths;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it (missing folders made), moved over it once
/// complete, and removed where writing fails, so a failure leaves no empty or partial file and an older file as it was.
/// </summary>
public static class WholeFileWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="writeTo">Writes the content to the temporary path it is given.</param>
    public static void Write(string path, Action<string> writeTo)
    {
        ArgumentNullException.ThrowIfNull(writeTo);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = $"{full}.{Guid.NewGuid():N}.partial";
        try
        {
            writeTo(partial);
            File.Move(partial, full, overwrite: true);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    public static void WriteText(string path, string text) => Write(path, partial => File.WriteAllText(partial, text, Utf8));

    /// <summary>Writes each line with a <c>\n</c> after it, as JSONL wants whatever the platform.</summary>
    public static void WriteLines(string path, IEnumerable<string> lines) => Write(path, partial =>
    {
        using var writer = new StreamWriter(partial, append: false, Utf8);
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    });

    // The failure that got here is the one to report, not a second one from cleaning up after it.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
