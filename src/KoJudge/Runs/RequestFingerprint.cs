using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KoJudge.Judging;
using KoJudge.Pairwise;
using KoJudge.Prompts;

namespace KoJudge.Runs;

/// <summary>
/// The <c>request_hash</c> of a result row: a hash of everything that decides the reply — the rendered prompt, the
/// engine and model (and adapters), and the sampling settings. A rerun skips rows whose id and hash match; a changed
/// setting changes the hash, so a stale row is never taken for a fresh one.
/// </summary>
public static class RequestFingerprint
{
    private const string Version = "kojudge-request-v1";
    private const string PairwiseVersion = "kojudge-pairwise-v1";

    /// <param name="engine">What answers: the engine kind, the model, its adapters and engine-level settings such as the grammar.</param>
    public static string Compute(JudgeItem item, JudgeOptions options, string engine)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        return HashOf([Version, engine, options.SystemPrompt, item.RenderPrompt(), .. Sampling(options)]);
    }

    /// <summary>
    /// The <c>request_hash</c> of a pairwise row: both orders' prompts (so the template and the format too), the engine
    /// and the sampling settings.
    /// </summary>
    public static string Compute(PairwiseItem item, PairwisePrompt prompt, JudgeOptions options, string engine)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        return HashOf(
            [PairwiseVersion, engine, options.SystemPrompt, prompt.Format, item.RenderPrompt(prompt, swapped: false), item.RenderPrompt(prompt, swapped: true), .. Sampling(options)]);
    }

    // In the order the absolute hash has always written them: a changed order would turn every user's rows stale.
    private static object?[] Sampling(JudgeOptions options) =>
        [options.MaxOutputTokens, options.Retries, options.Temperature, options.RetryTemperature, options.Seed, options.StopSequences];

    /// <summary>The hash of parts written as one JSON array: 16 bytes of SHA-256, in hex. Each kind of row versions its parts.</summary>
    internal static string HashOf(object?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parts)).AsSpan(0, 16));
}
