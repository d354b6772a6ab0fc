namespace KoJudge.Runs;

/// <summary>An output another process is writing: the run stops before it changes anything.</summary>
public sealed class OutputInUseException : IOException
{
    public OutputInUseException(string output)
        : base($"{output} is being written by another kojudge process") => Output = output;

    public OutputInUseException()
        : this("the output")
    {
    }

    public OutputInUseException(string message, Exception innerException)
        : base(message, innerException) => Output = "";

    public string Output { get; }
}
