using KoJudge.Judging;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// A prompt that does not fit one sequence's context: that request fails, its neighbours go on. Asking again cannot
/// help, so it is the engine's refusal of kind <see cref="ErrorKind.PromptTooLong"/>, which judges do not retry.
/// </summary>
public sealed class PromptTooLongException(int promptTokens, int contextPerSequence)
    : EngineRefusalException(ErrorKind.PromptTooLong, $"the prompt has {promptTokens} tokens, but a sequence holds {contextPerSequence}")
{
    public int PromptTokens { get; } = promptTokens;

    public int ContextPerSequence { get; } = contextPerSequence;
}
