using System.Text.Json;
using KoJudge.Judging;

namespace KoJudge.Datasets;

/// <summary>
/// Writes results as JSONL, one row per line, flushed as each is written so a killed run keeps every finished row.
/// </summary>
public sealed class JudgeResultWriter(Stream stream) : IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static JudgeResultWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16, useAsync: true));

    public async ValueTask WriteAsync(JudgeResult result, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(result, KoJudgeJson.Options);
        await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
