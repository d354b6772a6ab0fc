namespace KoJudge.Cli.Paths;

/// <summary>
/// Why a file a command is to read cannot be, said before anything is read or loaded: "no such file" rather than
/// .NET's "Could not find a part of the path", and "is a directory" rather than its "Access to the path is denied".
/// </summary>
public static class InputPathCheck
{
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    /// <summary>Why <paramref name="path"/> is not a file that can be read, or null where it is.</summary>
    public static string? FileProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "names no file";
        }
        if (Directory.Exists(path))
        {
            return "is a directory, not a file";
        }
        if (!File.Exists(path))
        {
            return "no such file";
        }
        try
        {
            using (File.OpenRead(path))
            {
            }
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "cannot be read (permission denied)";
        }
        catch (IOException e)
        {
            return $"cannot be read ({e.Message.TrimEnd('.')})";
        }
    }

    /// <summary>Why <paramref name="path"/> is not a GGUF file (a model or an adapter) llama.cpp could load, or null where it may be.</summary>
    public static string? GgufProblem(string path)
    {
        if (FileProblem(path) is { } problem)
        {
            return problem;
        }
        var start = new byte[GgufMagic.Length];
        try
        {
            using var stream = File.OpenRead(path);
            var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            return read == start.Length && start.AsSpan().SequenceEqual(GgufMagic) ? null : "is not a GGUF file (it does not begin with 'GGUF')";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message.TrimEnd('.')})";
        }
    }
}
