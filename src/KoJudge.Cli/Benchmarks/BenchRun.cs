namespace KoJudge.Cli.Benchmarks;

/// <summary>One timed judging run of a benchmark: how long it took, the process's peak memory so far, the rows scored.</summary>
public sealed record BenchRun(double Seconds, long PeakBytes, int Rows);
