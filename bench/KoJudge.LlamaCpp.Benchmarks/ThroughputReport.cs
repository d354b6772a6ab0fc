using System.Text.Json.Serialization;

namespace KoJudge.LlamaCpp.Benchmarks;

/// <summary>The figures of one benchmark run, measured side by side in one process.</summary>
public sealed record ThroughputReport(
    [property: JsonPropertyName("judgments")] int Judgments,
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("shared_prefix_tokens")] int SharedPrefixTokens,
    [property: JsonPropertyName("new_tokens")] int NewTokens,
    [property: JsonPropertyName("naive_s")] double NaiveSeconds,
    [property: JsonPropertyName("engine_s")] double EngineSeconds,
    [property: JsonPropertyName("raw_s")] double RawSeconds,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("parallel")] int Parallel,
    [property: JsonPropertyName("flash_attention")] string FlashAttention,
    [property: JsonPropertyName("rounds")] int Rounds,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("model_parameters")] long ModelParameters)
{
    /// <summary>How much faster the engine is than the seed's one-at-a-time loop.</summary>
    [JsonPropertyName("speedup")]
    public double Speedup => Math.Round(NaiveSeconds / EngineSeconds, 3);

    /// <summary>How close the engine comes to a bare loop doing the same decode batches: 1 means KoJudge costs nothing.</summary>
    [JsonPropertyName("efficiency")]
    public double Efficiency => Math.Round(RawSeconds / EngineSeconds, 3);

    [JsonPropertyName("engine_tokens_per_s")]
    public double EngineTokensPerSecond => Math.Round(Judgments * (double)NewTokens / EngineSeconds, 1);
}
