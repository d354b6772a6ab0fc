using System.CommandLine;
using System.Net.Sockets;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Help;
using KoJudge.LlamaCpp;
using KoJudge.Serving;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge serve</c>: the in-process engine behind an OpenAI-compatible HTTP API.</summary>
public static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var engine = new EngineOptions();
        var host = new Option<string>("--host") { Description = "The address to listen on; loopback unless told otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port; 0 picks a free one (printed on start).", DefaultValueFactory = _ => 8000 };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "An environment variable holding the key clients must send; without it, no key is asked for." }.PlaceUnder(HelpGroups.Server);
        var servedName = new Option<string?>("--served-model-name") { Description = "The model id clients ask for." }.DefaultsTo("the GGUF file name without its extension");
        var command = new Command(
            "serve",
            "Serve a GGUF model (with --lora adapters) in-process as an OpenAI-compatible API: POST /v1/chat/completions (plain or stream: true), "
            + "GET /v1/models and GET /health, with continuous batching across concurrent requests.");
        foreach (var option in new Option[] { engine.ModelFile, engine.Lora, engine.Threads, engine.Context, engine.Parallel, engine.Constrain, engine.FlashAttention, host, port, apiKeyEnv, servedName })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = engine.TryReadInProcess(parse, console, parse.GetValue(engine.ModelFile));
            if (options is null)
            {
                return ExitCodes.BadInput;
            }
            string? apiKey = null;
            if (parse.GetValue(apiKeyEnv) is { } variable)
            {
                apiKey = console.GetEnvironmentVariable(variable);
                if (string.IsNullOrWhiteSpace(apiKey))
                {
                    console.Error.WriteLine($"error: --api-key-env {variable}: the variable is {(apiKey is null ? "not set" : "empty, and a server with an empty key would refuse every client")}.");
                    return ExitCodes.BadInput;
                }
            }
            await using var loaded = LlamaCppEngine.Load(options);
            var modelId = parse.GetValue(servedName) ?? loaded.ModelId;
            var listen = $"{parse.GetValue(host)}:{parse.GetValue(port)}";
            await using var app = OpenAIChatServer.Build(loaded.AsChatClient(), modelId, apiKey, $"http://{listen}", console.Error);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                console.Error.WriteLine($"error: {listen} is already in use; pick another --port.");
                return ExitCodes.BadInput;
            }
            catch (SocketException e)
            {
                // E.g. a --host that is not this machine's address.
                console.Error.WriteLine($"error: cannot listen on {listen}: {e.Message}.");
                return ExitCodes.BadInput;
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            console.Out.WriteLine($"serving {modelId} on {address}/v1{(apiKey is null ? "" : " (API key required)")}");
            console.Out.Flush();
            // ASP.NET's host takes Ctrl+C and SIGTERM itself; either that or the command's cancellation stops the server.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            console.Error.WriteLine("stopped");
            return ExitCodes.Success;
        });
        return command;
    }
}
