namespace KoJudge.OpenAI;

/// <summary>
/// How the HTTP engine rides out a flaky server: each request may take <see cref="Timeout"/>; timeouts, 429 (after its
/// Retry-After), 5xx and dropped connections are retried up to <see cref="MaxRetries"/> times with exponential backoff
/// and jitter from <see cref="BaseDelay"/>. When the budget is spent the item fails with the reason and the run goes on.
/// </summary>
public sealed record HttpFaultPolicy
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxRetries { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Told of each retry, with its reason and wait, so a run can show why it slows down.</summary>
    public Action<string>? OnRetry { get; init; }
}
