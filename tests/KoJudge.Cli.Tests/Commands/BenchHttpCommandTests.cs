using System.Text.Json;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed class BenchHttpCommandTests
{
    [Fact]
    public async Task Prints_the_time_against_the_ideal_and_the_memory_of_both_sizes()
    {
        var run = await CliRun.InvokeAsync(["bench-http", "--judgments", "40", "--concurrency", "8", "--latency-ms", "5", "--memory-judgments", "0", "--max-warm-up-rounds", "2"]);

        run.AssertExit(ExitCodes.Success);
        using var report = JsonDocument.Parse(run.Out);
        var root = report.RootElement;
        Assert.Equal(40, root.GetProperty("items").GetInt32());
        Assert.Equal(Math.Round(40 * 0.005 / 8, 3), root.GetProperty("ideal_seconds").GetDouble());
        Assert.Equal(Math.Round(root.GetProperty("seconds").GetDouble() / root.GetProperty("ideal_seconds").GetDouble(), 3), root.GetProperty("ratio_to_ideal").GetDouble(), tolerance: 0.05);
        Assert.InRange(root.GetProperty("warm_up_rounds").GetInt32(), 1, 2);
        Assert.Equal(Math.Round(root.GetProperty("seconds").GetDouble() / root.GetProperty("no_cache_seconds").GetDouble(), 3), root.GetProperty("cache_cost_ratio").GetDouble(), tolerance: 0.05);
        Assert.True(root.GetProperty("no_cache_ratio_to_ideal").GetDouble() >= 1, "the run without a cache also waits out the latency");
        Assert.True(root.GetProperty("methods_jitted_in_timed_run").GetInt64() >= 0);
        Assert.True(root.GetProperty("ratio_to_ideal").GetDouble() >= 1, "faster than the ideal is impossible: the latency is not applied");
    }
}
