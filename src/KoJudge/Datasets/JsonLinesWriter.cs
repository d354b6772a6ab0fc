using System.Text.Json;

namespace KoJudge.Datasets;

/// <summary>
/// Writes rows as JSONL (UTF-8, no BOM), one object per line, each written whole and flushed at once, so a killed run
/// keeps every finished row and leaves at most one torn last line. Safe to call from several tasks at once.
/// </summary>
public sealed class JsonLinesWriter<T> : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <param name="append">Append to the file (creating it), as a resumed run does; otherwise start it over.</param>
    public JsonLinesWriter(string path, bool append = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
    }

    public async ValueTask WriteAsync(T row, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(row, KoJudgeJson.Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not cancelled half way: a row once started is written whole.
            await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        gate.Dispose();
    }
}
