using System.CommandLine;
using KoJudge.OpenAI;
using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Engines;

/// <summary>The flags that choose and reach an engine, and the engine they make.</summary>
public sealed class EngineOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "An OpenAI-compatible server's API base, e.g. http://127.0.0.1:8000/v1 (vLLM, llama.cpp server, Ollama, OpenAI).",
    };

    public Option<string?> Model { get; } = new("--model") { Description = "The model name the server serves." };

    public Option<string> ApiKeyEnv { get; } = new("--api-key-env")
    {
        Description = "The environment variable that holds the API key. The key itself is never printed, logged or written.",
        DefaultValueFactory = _ => "OPENAI_API_KEY",
    };

    public Option<double> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds one request may take before it fails.",
        DefaultValueFactory = _ => 600,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Model);
        command.Options.Add(ApiKeyEnv);
        command.Options.Add(TimeoutSeconds);
    }

    /// <summary>Makes the chat client the flags describe, or explains on stderr why it cannot.</summary>
    public IChatClient? TryCreate(ParseResult parse, CliConsole console)
    {
        var endpointText = parse.GetValue(Endpoint);
        var model = parse.GetValue(Model);
        if (endpointText is null)
        {
            console.Error.WriteLine("error: --endpoint is required: give the URL of an OpenAI-compatible server, with --model naming the served model.");
            return null;
        }
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            console.Error.WriteLine($"error: --endpoint must be an http or https URL, not '{endpointText}'.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(model))
        {
            console.Error.WriteLine("error: --model is required with --endpoint: the model name the server serves.");
            return null;
        }
        var seconds = parse.GetValue(TimeoutSeconds);
        if (seconds <= 0)
        {
            console.Error.WriteLine("error: --timeout must be a positive number of seconds.");
            return null;
        }
        var apiKey = console.GetEnvironmentVariable(parse.GetValue(ApiKeyEnv)!);
        return OpenAICompatibleEngine.CreateChatClient(endpoint, model, apiKey, TimeSpan.FromSeconds(seconds));
    }
}
