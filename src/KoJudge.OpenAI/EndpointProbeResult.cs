namespace KoJudge.OpenAI;

/// <summary>An endpoint's probe: what it found, and why, for a person (never the key).</summary>
public sealed record EndpointProbeResult(Uri Endpoint, EndpointStatus Status, string? Reason = null);
