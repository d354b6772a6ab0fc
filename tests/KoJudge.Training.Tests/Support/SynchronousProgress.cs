namespace KoJudge.Training.Tests.Support;

/// <summary>Calls back on the reporting thread, before the reporter goes on (<c>Progress&lt;T&gt;</c> posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
