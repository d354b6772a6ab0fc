namespace KoJudge.Datasets;

/// <summary>
/// Bad input, located: the file, the 1-based line (where there is one) and the field at fault.
/// The message always names all three, so a user can go straight to the line.
/// </summary>
public sealed class InputFormatException : Exception
{
    public InputFormatException(string file, int? line, string? field, string problem)
        : base(Describe(file, line, field, problem))
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string File { get; }

    public int? Line { get; }

    public string? Field { get; }

    public string Problem { get; }

    private static string Describe(string file, int? line, string? field, string problem)
    {
        var where = line is null ? file : $"{file}:{line}";
        return field is null ? $"{where}: {problem}" : $"{where}: field '{field}': {problem}";
    }
}
