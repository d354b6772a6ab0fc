using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;

namespace KoJudge.Serving.Tests;

/// <summary>The server on a free loopback port, with a client that brings its key and the log it writes.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    public const string Key = "loopback-test-key-7c1e";

    private readonly WebApplication app;
    private readonly StringWriter log = new();

    private LoopbackServer(IChatClient client)
    {
        app = OpenAIChatServer.Build(client, "m", Key, "http://127.0.0.1:0", log);
    }

    public HttpClient Http { get; } = new();

    public Uri Address { get; private set; } = null!;

    public string Log => log.ToString();

    public static async Task<LoopbackServer> StartAsync(IChatClient client, CancellationToken cancellationToken)
    {
        var server = new LoopbackServer(client);
        await server.app.StartAsync(cancellationToken);
        server.Address = new Uri(server.app.Urls.First() + "/");
        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return server;
    }

    public Task<HttpResponseMessage> PostAsync(string json, CancellationToken cancellationToken) =>
        Http.PostAsync(new Uri(Address, "v1/chat/completions"), new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await log.DisposeAsync();
    }
}
