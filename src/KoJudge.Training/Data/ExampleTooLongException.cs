namespace KoJudge.Training.Data;

/// <summary>A row whose example has more tokens than the length trained on: it is reported, never cut.</summary>
public sealed class ExampleTooLongException : Exception
{
    public ExampleTooLongException(RowOrigin origin, int tokens, int maxLength)
        : base($"{origin}: the example has {tokens} tokens (prompt and target), more than the {maxLength} allowed")
    {
        Origin = origin;
        Tokens = tokens;
        MaxLength = maxLength;
    }

    public RowOrigin Origin { get; }

    public int Tokens { get; }

    public int MaxLength { get; }
}
