namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// A prompt that does not fit one sequence's context: that request fails, its neighbours go on. It is an
/// <see cref="ArgumentException"/> because asking again cannot help, and the judge does not retry those.
/// </summary>
public sealed class PromptTooLongException(int promptTokens, int contextPerSequence)
    : ArgumentException($"the prompt has {promptTokens} tokens, but a sequence holds {contextPerSequence} (raise --ctx)")
{
    public int PromptTokens { get; } = promptTokens;

    public int ContextPerSequence { get; } = contextPerSequence;
}
