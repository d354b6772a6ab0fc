using System.Diagnostics;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Output;

/// <summary>
/// A LogicKor run's progress on stderr, at most once a second and always the last line. It writes on the reporting
/// thread: <see cref="Progress{T}"/> posts to the thread pool, so its lines landed after the run's closing line, and
/// once after the writer was closed, which crashed the process.
/// </summary>
public sealed class LogicKorProgressLine(TextWriter error, string verb, string failedWhat) : IProgress<LogicKorRun.Progress>
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan? lastWritten;
    private int lastDone = -1;

    public void Report(LogicKorRun.Progress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            var now = clock.Elapsed;
            // Rows finish on many threads: a report that arrives after a later one has nothing new to say.
            if (value.Done <= lastDone || (value.Done < value.Total && lastWritten is { } last && now - last < TimeSpan.FromSeconds(1)))
            {
                return;
            }
            lastWritten = now;
            lastDone = value.Done;
            error.WriteLine($"{verb} {value.Done}/{value.Total}, {value.Failed} {failedWhat}");
        }
    }
}
