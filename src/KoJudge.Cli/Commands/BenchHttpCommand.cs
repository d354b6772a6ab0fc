using System.CommandLine;
using System.Diagnostics;
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
        var items = new Option<int>("--items") { Description = "Judgments in the timed run.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight.", DefaultValueFactory = _ => 64 };
        var latency = new Option<int>("--latency-ms") { Description = "How long the server takes for every reply.", DefaultValueFactory = _ => 50 };
        var memoryItems = new Option<int>("--memory-items") { Description = "Also run this many items in a child process and compare its peak memory (0: skip).", DefaultValueFactory = _ => 20000 };
        var single = new Option<bool>("--single") { Description = "Run once and print this process's figures (used for the memory comparison).", Hidden = true };
        var command = new Command(
            "bench-http",
            "Judge generated items against a loopback OpenAI-compatible server that answers every request after a fixed latency, and print JSON: "
            + "the time against the ideal (items × latency / concurrency) and peak memory for --items against --memory-items, each in its own process.");
        foreach (var option in new Option[] { items, concurrency, latency, memoryItems, single })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (count, inFlight, delay) = (parse.GetValue(items), parse.GetValue(concurrency), TimeSpan.FromMilliseconds(parse.GetValue(latency)));
            if (count < 1 || inFlight < 1 || delay < TimeSpan.Zero)
            {
                console.Error.WriteLine("error: --items and --concurrency must be at least 1, and --latency-ms at least 0.");
                return ExitCodes.BadInput;
            }
            // A short run first, so the timed one measures steady work rather than the JIT compiling it.
            await RunOnceAsync(Math.Min(count, inFlight * 16), inFlight, delay, cancellationToken).ConfigureAwait(false);
            var run = await RunOnceAsync(count, inFlight, delay, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(single))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(run));
                return ExitCodes.Success;
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

    private sealed record Run(double Seconds, long PeakBytes, int Rows);

    private static async Task<Run> RunOnceAsync(int count, int concurrency, TimeSpan latency, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-bench-http-").FullName;
        try
        {
            var input = Path.Combine(directory, "items.jsonl");
            await using (var writer = new StreamWriter(input))
            {
                for (var n = 0; n < count; n++)
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"{n} 더하기 {n}은 얼마인가요?", response = $"{2 * n}입니다.", reference = $"{2 * n}", rubric = "math" })).ConfigureAwait(false);
                }
            }
            await using var server = OpenAIChatServer.Build(new FixedLatencyChatClient(latency), "bench", apiKey: null, "http://127.0.0.1:0");
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1");
            using var client = OpenAICompatibleEngine.CreateChatClient(address, "bench", apiKey: null, new HttpFaultPolicy { MaxRetries = 0 });
            var judge = new PrometheusJudge(client);
            var clock = Stopwatch.StartNew();
            var summary = await new JudgeRun(judge, "openai-compatible|bench", concurrency)
                .RunAsync(JudgeInput.Check(input, skipBadLines: false), Path.Combine(directory, "out.jsonl"), new JudgeRunOptions(), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            using var self = Process.GetCurrentProcess();
            return new Run(seconds, self.PeakWorkingSet64, summary.Scored);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Run> ChildAsync(int count, int concurrency, TimeSpan latency)
    {
        // Run as `kojudge` (an app host) or as `dotnet KoJudge.Cli.dll`: start the child the same way.
        var host = Environment.ProcessPath!;
        string[] prefix = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [typeof(BenchHttpCommand).Assembly.Location] : [];
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
        foreach (var argument in prefix.Concat(
            ["bench-http", "--single", "--items", $"{count}", "--concurrency", $"{concurrency}", "--latency-ms", $"{latency.TotalMilliseconds}"]))
        {
            start.ArgumentList.Add(argument);
        }
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        return JsonSerializer.Deserialize<Run>(output) ?? throw new InvalidOperationException($"The child bench printed nothing usable: {output}");
    }
}
