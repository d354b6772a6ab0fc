namespace KoJudge.Serving;

/// <summary>A request the server cannot read: answered with 400 and OpenAI's error shape, naming the field.</summary>
public sealed class BadRequestException(string? field, string problem)
    : Exception(field is null ? problem : $"'{field}' {problem}")
{
    public string? Field { get; } = field;
}
