namespace KoJudge.Train.Tests.Support;

/// <summary>
/// Stderr for an in-process run that cancels it, as Ctrl+C would, once a written line starts with <paramref name="prefix"/>:
/// the run's own progress line says when a step is done.
/// </summary>
internal sealed class CancellingWriter(CancellationTokenSource cancellation, string prefix) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal))
        {
            cancellation.Cancel();
        }
    }
}
