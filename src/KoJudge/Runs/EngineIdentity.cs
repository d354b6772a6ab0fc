namespace KoJudge.Runs;

/// <summary>
/// What decides an engine's replies, for the request hash: its kind, the model, the adapters on it and the engine-level
/// settings that change replies. Never an address or a key: the same model served elsewhere is the same engine.
/// Each engine package makes its own; <see cref="Canonical"/> is what the hash is taken of.
/// </summary>
public sealed record EngineIdentity(string Kind, string Model)
{
    /// <summary>The adapters on the model, in the order they are applied.</summary>
    public IReadOnlyList<AdapterIdentity> Adapters { get; init; } = [];

    /// <summary>Whether a grammar forces replies into the verdict's shape; null for an engine without that switch.</summary>
    public bool? ConstrainVerdict { get; init; }

    /// <summary>Whether the engine is asked for token log-probabilities.</summary>
    public bool Logprobs { get; init; }

    /// <summary>
    /// The parts joined by <c>|</c>: kind, model, <c>constrain=True</c> or <c>constrain=False</c> where the engine has
    /// the switch, <c>logprobs</c> where they are asked for, then each adapter.
    /// </summary>
    /// <remarks>
    /// Result files and response caches hold hashes of this string, so its shape must not change; a part added later
    /// must be left out where it has its default, or every user's results go stale at once.
    /// </remarks>
    public string Canonical => string.Join('|', Parts());

    public override string ToString() => Canonical;

    // Two identities are the same where their canonical strings are: the adapter list compares by content, not by reference.
    public bool Equals(EngineIdentity? other) => other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    private IEnumerable<string> Parts()
    {
        yield return Kind;
        yield return Model;
        if (ConstrainVerdict is { } constrain)
        {
            yield return constrain ? "constrain=True" : "constrain=False";
        }
        if (Logprobs)
        {
            yield return "logprobs";
        }
        foreach (var adapter in Adapters)
        {
            yield return adapter.Canonical;
        }
    }
}
