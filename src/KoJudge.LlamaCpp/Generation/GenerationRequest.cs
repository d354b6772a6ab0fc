using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>One completion to generate from an already tokenized prompt.</summary>
public sealed record GenerationRequest(IReadOnlyList<LLamaToken> PromptTokens)
{
    public int MaxTokens { get; init; } = 512;

    /// <summary>0 decodes greedily.</summary>
    public float Temperature { get; init; }

    public uint Seed { get; init; }

    /// <summary>Texts that end the reply where they appear; they are not part of it.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Force <c>Feedback: … [RESULT] n</c> with the verdict grammar.</summary>
    public bool ConstrainVerdict { get; init; }

    /// <summary>Generate exactly <see cref="MaxTokens"/> tokens, past any end token: benchmarks pin the work this way.</summary>
    public bool IgnoreEndOfGeneration { get; init; }

    /// <summary>Called on the generator's thread with each new piece of text, for streaming.</summary>
    public Action<string>? OnText { get; init; }

    /// <summary>
    /// Teacher forcing: feed these tokens as the reply instead of sampling, one per step, then stop. With
    /// <see cref="OnLogits"/> it reads what the model predicts at each step of a given reply.
    /// </summary>
    public IReadOnlyList<LLamaToken>? ForcedTokens { get; init; }

    /// <summary>Record each generated token's log-probability and this many top alternatives (0: none).</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Called on the generator's thread with the logits of each step, before sampling (raw, before any grammar).</summary>
    public Action<float[]>? OnLogits { get; init; }
}
