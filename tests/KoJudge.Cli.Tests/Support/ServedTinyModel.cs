using System.Diagnostics;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Support;

/// <summary>
/// <c>kojudge serve</c> on the generated tiny model as a real process, on a free port, with an API key and the verdict
/// grammar on; stopped with SIGTERM.
/// </summary>
internal sealed class ServedTinyModel : IAsyncDisposable
{
    public const string Key = "serve-test-key-3f9a";

    private readonly Process server;

    private ServedTinyModel(Process server, Uri baseAddress)
    {
        this.server = server;
        BaseAddress = baseAddress;
    }

    /// <summary>The variable that holds <see cref="Key"/>, for the server and for its clients' <c>--api-key-env</c>.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { ["KOJUDGE_SERVE_KEY"] = Key };

    /// <summary>The API base, ending in <c>/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<ServedTinyModel> StartAsync()
    {
        var server = ToolProcess.Start(
            ["serve", "--model", GeneratedModels.Tiny().Model, "--port", "0", "--threads", "1", "--parallel", "4", "--constrain", "--flash-attention", "off", "--api-key-env", "KOJUDGE_SERVE_KEY"],
            Environment);
        var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        Assert.StartsWith("serving tiny-v1 on http://127.0.0.1:", line, StringComparison.Ordinal);
        return new ServedTinyModel(server, new Uri(line!.Split(" on ")[1].Split(' ')[0] + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await ToolProcess.SignalAsync(server, "TERM");
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        server.Dispose();
    }
}
