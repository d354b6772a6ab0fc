namespace KoJudge.Gguf.Safetensors;

/// <summary>
/// A safetensors file or index that cannot be read, named by its file and the field or tensor at fault, in one line:
/// <c>model.safetensors: tensor 'lm_head.weight': dtype I64 is not read (F32, F16 and BF16 are)</c>.
/// </summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException()
    {
    }

    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SafetensorsFormatException(string file, string subject, string problem, Exception? innerException = null)
        : base($"{file}: {subject}: {problem}", innerException)
    {
        File = file;
        Subject = subject;
        Problem = problem;
    }

    /// <summary>The file at fault, as the caller named it.</summary>
    public string File { get; } = "";

    /// <summary>The field or tensor at fault, e.g. <c>header length</c> or <c>tensor 'model.norm.weight'</c>.</summary>
    public string Subject { get; } = "";

    public string Problem { get; } = "";
}
