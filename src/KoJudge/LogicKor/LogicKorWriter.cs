using System.Text.Json;
using KoJudge.Datasets;

namespace KoJudge.LogicKor;

/// <summary>Writes LogicKor rows as JSONL (UTF-8, no BOM), flushed row by row so a killed run keeps what it finished.</summary>
public sealed class LogicKorWriter : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly SemaphoreSlim gate = new(1, 1);

    private LogicKorWriter(Stream stream) => this.stream = stream;

    public static LogicKorWriter Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new LogicKorWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true));
    }

    /// <summary>Safe to call from several tasks at once: rows are written whole, one at a time.</summary>
    public async ValueTask WriteAsync(LogicKorRecord record, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(record, KoJudgeJson.Options);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
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
