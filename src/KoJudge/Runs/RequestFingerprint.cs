using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>
/// The <c>request_hash</c> of a result row: a hash of everything that decides the reply — the rendered prompt, the
/// engine and model (and adapters), and the sampling settings. A rerun skips rows whose id and hash match; a changed
/// setting changes the hash, so a stale row is never taken for a fresh one.
/// </summary>
public static class RequestFingerprint
{
    private const string Version = "kojudge-request-v1";

    /// <param name="engine">What answers: the engine kind, the model, its adapters and engine-level settings such as the grammar.</param>
    public static string Compute(JudgeItem item, JudgeOptions options, string engine)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            Version,
            engine,
            options.SystemPrompt,
            item.RenderPrompt(),
            options.MaxOutputTokens,
            options.Retries,
            options.Temperature,
            options.RetryTemperature,
            options.Seed,
            options.StopSequences,
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical).AsSpan(0, 16));
    }
}
