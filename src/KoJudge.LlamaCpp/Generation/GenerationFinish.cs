namespace KoJudge.LlamaCpp.Generation;

/// <summary>Why a generation ended.</summary>
public enum GenerationFinish
{
    /// <summary>An end token or a stop sequence.</summary>
    Stop,

    /// <summary>The token limit or the end of the sequence's context.</summary>
    Length,
}
