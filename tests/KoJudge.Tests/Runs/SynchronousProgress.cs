namespace KoJudge.Tests.Runs;

/// <summary>Reports on the caller's thread, as the CLI's progress line does, so a test sees every report in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
