namespace KoJudge.LlamaCpp.Generation;

/// <summary>What one request produced.</summary>
public sealed record GenerationResult(
    string Text,
    GenerationFinish Finish,
    int PromptTokens,
    int CompletionTokens,
    int SharedPrefixTokens,
    IReadOnlyList<double>? ScoreProbabilities,
    IReadOnlyList<KoJudge.Judging.TokenLogprob>? TokenLogprobs = null);
