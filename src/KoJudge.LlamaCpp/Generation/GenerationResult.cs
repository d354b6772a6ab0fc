namespace KoJudge.LlamaCpp.Generation;

public enum GenerationFinish
{
    /// <summary>An end token or a stop sequence.</summary>
    Stop,

    /// <summary>The token limit or the end of the sequence's context.</summary>
    Length,
}

/// <summary>What one request produced.</summary>
public sealed record GenerationResult(
    string Text,
    GenerationFinish Finish,
    int PromptTokens,
    int CompletionTokens,
    int SharedPrefixTokens,
    IReadOnlyList<double>? ScoreProbabilities,
    IReadOnlyList<KoJudge.Judging.TokenLogprob>? TokenLogprobs = null);
