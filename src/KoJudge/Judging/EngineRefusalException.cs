namespace KoJudge.Judging;

/// <summary>
/// An engine's refusal of a request that asking again cannot mend (a prompt longer than its context, a key it does
/// not accept), with its kind, so a judge fails the item at once and names why instead of matching error text.
/// Engines throw it, or a subclass of their own; anything else an engine throws is an <see cref="ErrorKind.EngineError"/>.
/// </summary>
public class EngineRefusalException : Exception
{
    public EngineRefusalException(ErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public EngineRefusalException()
        : this(ErrorKind.EngineError, "the engine refused the request")
    {
    }

    public EngineRefusalException(string message)
        : this(ErrorKind.EngineError, message)
    {
    }

    public EngineRefusalException(string message, Exception innerException)
        : this(ErrorKind.EngineError, message, innerException)
    {
    }

    public ErrorKind Kind { get; }
}
