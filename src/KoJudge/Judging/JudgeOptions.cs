using KoJudge.ChatTemplates;

namespace KoJudge.Judging;

/// <summary>How the judge asks its engine. The defaults are the seed's greedy decoding with room for Korean feedback.</summary>
public sealed record JudgeOptions
{
    /// <summary>Llama-3 ends a turn with <c>&lt;|eot_id|&gt;</c>; the seed stopped only on <c>eos</c> and ran on past it.</summary>
    public static readonly IReadOnlyList<string> Llama3StopTokens = [Llama3ChatTemplate.EndOfTurn, Llama3ChatTemplate.EndOfText];

    /// <summary>512 rather than the seed's 256: Korean feedback often runs past 256 tokens and loses its verdict.</summary>
    public int MaxOutputTokens { get; init; } = 512;

    /// <summary>How many more times a reply without a verdict is asked for again.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The first attempt's temperature: 0, greedy, as the seed decodes.</summary>
    public float Temperature { get; init; }

    /// <summary>Retries sample, since greedy decoding would only repeat the same reply.</summary>
    public float RetryTemperature { get; init; } = 1f;

    /// <summary>The seed of the first attempt; attempt k uses <c>Seed + k</c>, so retries are new samples yet reproducible.</summary>
    public long Seed { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = Llama3StopTokens;

    /// <summary>An optional system message placed before the prompt.</summary>
    public string? SystemPrompt { get; init; }
}
