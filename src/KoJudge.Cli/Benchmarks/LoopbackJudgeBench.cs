using System.Diagnostics;
using System.Text.Json;
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
/// A loopback OpenAI-compatible server whose every reply takes the same time, and one HTTP-engine judge talking to it,
/// kept for several runs so that later runs measure the steady state a long judging run lives in.
/// </summary>
public sealed class LoopbackJudgeBench : IAsyncDisposable
{
    private readonly WebApplication server;
    private readonly IChatClient client;
    private readonly PrometheusJudge judge;
    private readonly int concurrency;

    private LoopbackJudgeBench(WebApplication server, IChatClient client, int concurrency)
    {
        this.server = server;
        this.client = client;
        this.concurrency = concurrency;
        judge = new PrometheusJudge(client);
    }

    public static async Task<LoopbackJudgeBench> StartAsync(TimeSpan latency, int concurrency, CancellationToken cancellationToken)
    {
        var server = OpenAIChatServer.Build(new FixedLatencyChatClient(latency), "bench", apiKey: null, "http://127.0.0.1:0");
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1");
        var client = OpenAICompatibleEngine.CreateChatClient(address, "bench", apiKey: null, new HttpFaultPolicy { MaxRetries = 0 });
        return new LoopbackJudgeBench(server, client, concurrency);
    }

    /// <summary>Judges <paramref name="count"/> generated items from a JSONL file into another, as <c>kojudge judge</c> does.</summary>
    public async Task<BenchRun> RunAsync(int count, CancellationToken cancellationToken)
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
            var clock = Stopwatch.StartNew();
            var summary = await new JudgeRun(judge, "openai-compatible|bench", concurrency)
                .RunAsync(JudgeInput.Check(input, skipBadLines: false), Path.Combine(directory, "out.jsonl"), new JudgeRunOptions(), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            return new BenchRun(seconds, self.PeakWorkingSet64, summary.Scored);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
    }
}
