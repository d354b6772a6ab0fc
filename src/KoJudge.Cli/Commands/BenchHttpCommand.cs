using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using KoJudge.Cli.Benchmarks;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.OpenAI;
using KoJudge.Runs;
using KoJudge.Serving;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge bench-http</c>: measures KoJudge's HTTP path (reading, hashing, requests, parsing, writing) against a
/// loopback server whose every reply takes the same time, and how memory grows with the number of items.
/// </summary>
public static class BenchHttpCommand
{
    public static Command Create(CliConsole console)
    {
        var items = new Option<int>("--judgments") { Description = "Judgments in the timed run.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight.", DefaultValueFactory = _ => 64 };
        var latency = new Option<int>("--latency-ms") { Description = "How long the server takes for every reply.", DefaultValueFactory = _ => 50 };
        var memoryItems = new Option<int>("--memory-judgments") { Description = "Also run this many judgments in a child process and compare its peak memory (0: skip).", DefaultValueFactory = _ => 20000 };
        var warmUp = new Option<int>("--max-warm-up-rounds") { Description = "Untimed rounds first, until the JIT goes quiet or this many have run.", DefaultValueFactory = _ => 12 };
        var single = new Option<bool>("--single") { Description = "Run once and print this process's figures (used for the memory comparison).", Hidden = true };
        var command = new Command(
            "bench-http",
            "Judge generated items against a loopback OpenAI-compatible server that answers every request after a fixed latency, and print JSON: "
            + "the time against the ideal (items × latency / concurrency) as `kojudge judge` runs by default (logprobs, response cache) and, side by side, with --no-cache; "
            + "and peak memory for --judgments against --memory-judgments, each in its own process.");
        foreach (var option in new Option[] { items, concurrency, latency, memoryItems, warmUp, single })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (count, inFlight, delay) = (parse.GetValue(items), parse.GetValue(concurrency), TimeSpan.FromMilliseconds(parse.GetValue(latency)));
            var maxWarmUpRounds = parse.GetValue(warmUp);
            if (count < 1 || inFlight < 1 || delay < TimeSpan.Zero || maxWarmUpRounds < 1)
            {
                console.Error.WriteLine("error: --judgments, --concurrency and --max-warm-up-rounds must be at least 1, and --latency-ms at least 0.");
                return ExitCodes.BadInput;
            }
            var warmUpItems = Math.Min(count, inFlight * 16);
            int warmUpRounds;
            long compiledDuring;
            BenchRun run;
            await using (var bench = await LoopbackJudgeBench.StartAsync(delay, inFlight, cached: true, cancellationToken).ConfigureAwait(false))
            {
                warmUpRounds = await WarmUpAsync(bench, warmUpItems, maxWarmUpRounds, cancellationToken).ConfigureAwait(false);
                var compiledBefore = JitInfo.GetCompiledMethodCount();
                run = await bench.RunAsync(count, cancellationToken).ConfigureAwait(false);
                compiledDuring = JitInfo.GetCompiledMethodCount() - compiledBefore;
            }
            if (parse.GetValue(single))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(run));
                return ExitCodes.Success;
            }
            // The same run with --no-cache, side by side: what the response cache costs.
            BenchRun uncached;
            await using (var bench = await LoopbackJudgeBench.StartAsync(delay, inFlight, cached: false, cancellationToken).ConfigureAwait(false))
            {
                await WarmUpAsync(bench, warmUpItems, Math.Min(maxWarmUpRounds, 3), cancellationToken).ConfigureAwait(false);
                uncached = await bench.RunAsync(count, cancellationToken).ConfigureAwait(false);
            }
            var ideal = count * delay.TotalSeconds / inFlight;
            var report = new Dictionary<string, object?>
            {
                ["items"] = count,
                ["concurrency"] = inFlight,
                ["latency_ms"] = delay.TotalMilliseconds,
                ["seconds"] = Math.Round(run.Seconds, 3),
                ["ideal_seconds"] = Math.Round(ideal, 3),
                ["ratio_to_ideal"] = ideal > 0 ? Math.Round(run.Seconds / ideal, 3) : null,
                ["judgments_per_s"] = Math.Round(count / run.Seconds, 1),
                ["no_cache_seconds"] = Math.Round(uncached.Seconds, 3),
                ["no_cache_ratio_to_ideal"] = ideal > 0 ? Math.Round(uncached.Seconds / ideal, 3) : null,
                ["cache_cost_ratio"] = Math.Round(run.Seconds / uncached.Seconds, 3),
                ["warm_up_rounds"] = warmUpRounds,
                ["methods_jitted_in_timed_run"] = compiledDuring,
            };
            var bigger = parse.GetValue(memoryItems);
            if (bigger > 0)
            {
                // Each size in a process of its own: a peak working set never comes down within one.
                var small = await ChildAsync(count, inFlight, delay).ConfigureAwait(false);
                var large = await ChildAsync(bigger, inFlight, delay).ConfigureAwait(false);
                report["memory_items"] = bigger;
                report["peak_mb"] = Math.Round(small.PeakBytes / 1048576.0, 1);
                report["memory_items_peak_mb"] = Math.Round(large.PeakBytes / 1048576.0, 1);
                report["memory_ratio"] = Math.Round((double)large.PeakBytes / small.PeakBytes, 3);
            }
            console.Out.WriteLine(JsonSerializer.Serialize(report, KoJudgeJson.Indented));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Runs short rounds until the JIT goes quiet. Tiered compilation recompiles hot methods in the background for a
    /// while after they first run; on two cores that work competes with the timed run, which would then measure the
    /// JIT rather than the HTTP path a long judging run spends its hours in.
    /// </summary>
    private static async Task<int> WarmUpAsync(LoopbackJudgeBench bench, int count, int maxRounds, CancellationToken cancellationToken)
    {
        const int QuietRound = 25;
        for (var round = 1; ; round++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await bench.RunAsync(count, cancellationToken).ConfigureAwait(false);
            // Tiering waits for a pause in new compilations before it counts calls; give it one.
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            if (round == maxRounds || JitInfo.GetCompiledMethodCount() - before < QuietRound)
            {
                return round;
            }
        }
    }

    private static async Task<BenchRun> ChildAsync(int count, int concurrency, TimeSpan latency)
    {
        // Run as `kojudge` (an app host) or as `dotnet KoJudge.Cli.dll`: start the child the same way.
        var host = Environment.ProcessPath!;
        string[] prefix = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [typeof(BenchHttpCommand).Assembly.Location] : [];
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
        foreach (var argument in prefix.Concat(
            ["bench-http", "--single", "--judgments", $"{count}", "--concurrency", $"{concurrency}", "--latency-ms", $"{latency.TotalMilliseconds}",
                // Memory is compared between two sizes run alike; one warm-up round keeps both children quick.
                "--max-warm-up-rounds", "1"]))
        {
            start.ArgumentList.Add(argument);
        }
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        return JsonSerializer.Deserialize<BenchRun>(output) ?? throw new InvalidOperationException($"The child bench printed nothing usable: {output}");
    }
}
