using System.Text.Json;
using KoJudge.Judging;

namespace KoJudge.Datasets;

/// <summary>
/// Writes results as JSONL, one row per line, flushed as each is written so a killed run keeps every finished row.
/// </summary>
public sealed class JudgeResultWriter(Stream stream) : IAsyncDisposable
{
    public static JudgeResultWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16, useAsync: true));

    /// <summary>Appends to the file (creating it), as a resumed run does.</summary>
    public static JudgeResultWriter Append(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16, useAsync: true));

    public async ValueTask WriteAsync(JudgeResult result, CancellationToken cancellationToken = default)
    {
        // One write of the whole line, newline included, then a flush: a kill leaves at most one torn last line.
        var json = JsonSerializer.SerializeToUtf8Bytes(result, KoJudgeJson.Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
        await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
