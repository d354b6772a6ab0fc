namespace KoJudge.Cli.Output;

/// <summary>
/// Writes each reported line at once, on the reporting thread, unlike <see cref="Progress{T}"/>, whose lines can land
/// after the command's own output or after the writer is closed.
/// </summary>
public sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    private readonly Lock gate = new();

    public void Report(string value)
    {
        lock (gate)
        {
            writer.WriteLine(value);
        }
    }
}
