using System.Diagnostics;
using System.Text.Json;
using KoJudge.Cli.Caching;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.OpenAI;
using KoJudge.Runs;
using KoJudge.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace KoJudge.Cli.Benchmarks;

/// <summary>
/// A loopback OpenAI-compatible server whose every reply takes the same time, and one HTTP-engine judge talking to it
/// as <c>kojudge judge</c> does by default (asking for logprobs, behind a response cache, here a fresh one) or with
/// <c>--no-cache</c>, kept for several runs so that later runs measure the steady state a long judging run lives in.
/// </summary>
public sealed class LoopbackJudgeBench : IAsyncDisposable
{
    // The HTTP engine as `kojudge judge` names it by default: the served model, with logprobs asked for.
    private static readonly string Fingerprint = OpenAICompatibleEngine.Identity("bench", logprobs: true).Canonical;

    private readonly WebApplication server;
    private readonly IChatClient client;
    private readonly PrometheusJudge judge;
    private readonly int concurrency;
    private readonly SqliteDistributedCache? cache;
    private readonly string? cacheDirectory;
    private int runs;

    private LoopbackJudgeBench(WebApplication server, IChatClient client, int concurrency, SqliteDistributedCache? cache, string? cacheDirectory)
    {
        this.cache = cache;
        this.server = server;
        this.client = client;
        this.concurrency = concurrency;
        this.cacheDirectory = cacheDirectory;
        judge = new PrometheusJudge(client) { EngineIdentity = Fingerprint };
    }

    public static async Task<LoopbackJudgeBench> StartAsync(TimeSpan latency, int concurrency, bool cached, CancellationToken cancellationToken)
    {
        var server = OpenAIChatServer.Build(new FixedLatencyChatClient(latency), "bench", apiKey: null, "http://127.0.0.1:0");
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1");
        var engine = new LogprobScoreReader(OpenAICompatibleEngine.CreateChatClient(address, "bench", apiKey: null, new HttpFaultPolicy { MaxRetries = 0 }));
        if (!cached)
        {
            return new LoopbackJudgeBench(server, engine, concurrency, cache: null, cacheDirectory: null);
        }
        var cacheDirectory = Directory.CreateTempSubdirectory("kojudge-bench-cache-").FullName;
        var cache = new SqliteDistributedCache(Path.Combine(cacheDirectory, "responses.sqlite"));
        var client = ResponseCache.Wrap(engine, Fingerprint, cache);
        return new LoopbackJudgeBench(server, client, concurrency, cache, cacheDirectory);
    }

    /// <summary>Judges <paramref name="count"/> generated items from a JSONL file into another, as <c>kojudge judge</c> does.</summary>
    public async Task<BenchRun> RunAsync(int count, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-bench-http-").FullName;
        // Each run's prompts are new, so the cache is written and read but never answers: every item reaches the server.
        var run = Interlocked.Increment(ref runs);
        try
        {
            var input = Path.Combine(directory, "items.jsonl");
            await using (var writer = new StreamWriter(input))
            {
                for (var n = 0; n < count; n++)
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(new { id = $"item-{n}", instruction = $"[{run}] {n} 더하기 {n}은 얼마인가요?", response = $"{2 * n}입니다.", reference = $"{2 * n}", rubric = "math" })).ConfigureAwait(false);
                }
            }
            var clock = Stopwatch.StartNew();
            var items = InputCheck.Check(input, skipBadLines: false, JudgeItemReader.ParseLine, i => i.Id);
            var runner = new ResumableRunner<JudgeItem, JudgeResult>(
                new JudgeJob(judge, Path.Combine(directory, "out.jsonl")), new RunOptions { Concurrency = concurrency });
            var summary = await runner.RunAsync(items.Items(), runner.Plan(items.Items()), cancellationToken: cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            return new BenchRun(seconds, self.PeakWorkingSet64, summary.Succeeded);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        cache?.Dispose();
        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
        if (cacheDirectory is not null)
        {
            Directory.Delete(cacheDirectory, recursive: true);
        }
    }
}
