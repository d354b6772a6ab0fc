using System.CommandLine;
using KoJudge.LlamaCpp;
using KoJudge.OpenAI;
using KoJudge.Cli.Help;
using Microsoft.Extensions.AI;

namespace KoJudge.Cli.Engines;

/// <summary>
/// The flags that choose and reach an engine. With <c>--endpoint</c>, an OpenAI-compatible server; without it,
/// <c>--model file.gguf</c> runs in-process through llama.cpp.
/// </summary>
public sealed class EngineOptions
{
    public Option<string[]> Endpoint { get; } = new("--endpoint")
    {
        Description = "An OpenAI-compatible server's API base, e.g. http://127.0.0.1:8000/v1 (vLLM, llama.cpp server, Ollama, OpenAI, kojudge serve). "
            + "Repeat it for replicas of one model: each request goes to the least busy one, and one that keeps failing is set aside for a while. Without it the model runs in-process.",
    };

    public Option<string?> Model { get; } = new("--model") { Description = "With --endpoint, the model name the server serves; without it, a GGUF model file to run in-process." };

    /// <summary>The in-process engine's model alone, for a command that has no <c>--endpoint</c> (<c>serve</c>, <c>demo</c>).</summary>
    public Option<string?> ModelFile { get; } = new("--model") { Description = "A GGUF model file to run in-process." };

    public Option<string> ApiKeyEnv { get; } = new("--api-key-env")
    {
        Description = "The environment variable that holds the API key. The key itself is never printed, logged or written.",
        DefaultValueFactory = _ => "OPENAI_API_KEY",
    };

    public Option<double> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds one request may take before it fails (HTTP engine).",
        DefaultValueFactory = _ => 600,
    };

    public Option<int> HttpRetries { get; } = new("--http-retries")
    {
        Description = "How often a request that timed out, got 429 or 5xx, or lost its connection is sent again, with exponential backoff and jitter (HTTP engine; 429 waits out Retry-After).",
        DefaultValueFactory = _ => 5,
    };

    public Option<double> RetryDelay { get; } = new("--retry-delay")
    {
        Description = "Seconds before the first HTTP retry; each next one waits about twice as long (HTTP engine).",
        DefaultValueFactory = _ => 1,
    };

    /// <summary><c>--logprobs</c> where they are off unless asked for, <c>--no-logprobs</c> where they are on unless refused: a switch each, so neither name means two things.</summary>
    public Option<bool> Logprobs { get; }

    private readonly bool logprobsByDefault;

    // Long enough for a busy server across a network, short enough that a wrong address is reported at once.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    public Option<string?> CacheFile { get; } = new Option<string?>("--cache")
    {
        Description = "The response cache (SQLite), shared across runs and commands: a request seen before is answered from it.",
    }.DefaultsTo("~/.cache/kojudge/responses.sqlite, or under $KOJUDGE_CACHE_DIR");

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Read and write no cache: the engine is asked every time, and a bank judge's model is fitted anew." };

    public Option<string[]> Lora { get; } = new("--lora")
    {
        Description = "A GGUF LoRA adapter, as adapter.gguf or adapter.gguf:scale (in-process; may be repeated).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int> Threads { get; } = new Option<int>("--threads")
    {
        Description = "CPU threads (in-process).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.DefaultsTo("the CPU count");

    public Option<int> Context { get; } = new("--ctx")
    {
        Description = "Tokens each sequence holds, prompt and reply (in-process).",
        DefaultValueFactory = _ => 4096,
    };

    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "Sequences decoded together in one batch (in-process).",
        DefaultValueFactory = _ => 4,
    };

    public Option<bool> Constrain { get; } = new("--constrain")
    {
        Description = "Force every reply into 'Feedback: … [RESULT] n' with a grammar, so every item gets a verdict (in-process).",
    };

    public Option<string> FlashAttention { get; } = new("--flash-attention")
    {
        Description = "auto lets llama.cpp choose; off makes batched greedy output identical to one-at-a-time output (in-process).",
        DefaultValueFactory = _ => "auto",
    };

    /// <param name="logprobsByDefault">
    /// Whether the HTTP engine asks for log-probabilities unless told not to: yes where a Prometheus verdict is read,
    /// since the score distribution then comes free; no where replies are answers or 0–10 judgments it cannot read.
    /// </param>
    public EngineOptions(bool logprobsByDefault = false)
    {
        FlashAttention.AcceptOnlyFromAmong("auto", "on", "off");
        this.logprobsByDefault = logprobsByDefault;
        Logprobs = logprobsByDefault
            ? new("--no-logprobs")
            {
                Description = "Ask the server for no token log-probabilities. Without it they are asked for (vLLM, OpenAI, llama.cpp server and kojudge "
                    + "serve give them) and fill probabilities and expected_score; a server that refuses them is asked without for the rest of the run.",
            }
            : new("--logprobs")
            {
                Description = "Ask the server for token log-probabilities (vLLM, OpenAI, llama.cpp server and kojudge serve give them) and fill probabilities "
                    + "and expected_score from them. A server that refuses them is asked without for the rest of the run.",
            };
    }

    /// <summary>Whether the HTTP engine asks for log-probabilities, from <see cref="Logprobs"/> and this command's default.</summary>
    public bool LogprobsWanted(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(Logprobs) != logprobsByDefault;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Endpoint, Model, ApiKeyEnv, TimeoutSeconds, HttpRetries, RetryDelay, Logprobs, CacheFile, NoCache, Lora, Threads, Context, Parallel, Constrain, FlashAttention })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Makes the engine the flags describe, behind the response cache unless <c>--no-cache</c>, or explains on stderr why it cannot.</summary>
    public async Task<JudgeEngine?> TryCreateAsync(ParseResult parse, CliConsole console, int httpConcurrency, CancellationToken cancellationToken)
    {
        // The cache opens first: a broken cache file is reported before a model takes minutes to load.
        Caching.SqliteDistributedCache? cache = null;
        if (!parse.GetValue(NoCache))
        {
            var given = parse.GetValue(CacheFile);
            var path = given ?? Caching.ResponseCache.DefaultPath(console.GetEnvironmentVariable);
            const string Elsewhere = "point --cache at another file, or pass --no-cache";
            if (!new Paths.OutputPathCheck(console).File(given is null ? "the response cache" : "--cache", path, Elsewhere).Passed)
            {
                return null;
            }
            try
            {
                cache = new Caching.SqliteDistributedCache(path);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                // Deleting is advised only for a file KoJudge could have made: one that is not SQLite's is someone else's.
                var advice = Caching.SqliteDistributedCache.IsSqliteFile(path) ? $"delete it, {Elsewhere}" : $"it is not a SQLite file, so not one KoJudge made; {Elsewhere}";
                console.Error.WriteLine($"error: the response cache {path} cannot be used ({e.Message.TrimEnd('.')}); {advice}.");
                return null;
            }
        }
        var engine = await TryCreateEngineAsync(parse, console, httpConcurrency, cancellationToken).ConfigureAwait(false);
        if (engine is null || cache is null)
        {
            cache?.Dispose();
            return engine;
        }
        return engine.WithCache(cache, reason => console.Error.WriteLine($"warning: the response cache failed ({reason}); judging goes on without it."));
    }

    private async Task<JudgeEngine?> TryCreateEngineAsync(ParseResult parse, CliConsole console, int httpConcurrency, CancellationToken cancellationToken)
    {
        var endpointTexts = parse.GetValue(Endpoint) ?? [];
        var model = parse.GetValue(Model);
        if (endpointTexts.Length == 0)
        {
            return TryCreateInProcess(parse, console, model);
        }
        var endpoints = new List<Uri>();
        foreach (var endpointText in endpointTexts)
        {
            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                console.Error.WriteLine($"error: --endpoint must be an http or https URL, not '{endpointText}'.");
                return null;
            }
            endpoints.Add(endpoint);
        }
        if (string.IsNullOrWhiteSpace(model))
        {
            console.Error.WriteLine("error: --model is required with --endpoint: the model name the server serves.");
            return null;
        }
        var seconds = parse.GetValue(TimeoutSeconds);
        if (seconds <= 0 || parse.GetValue(HttpRetries) < 0 || parse.GetValue(RetryDelay) < 0)
        {
            console.Error.WriteLine("error: --timeout must be a positive number of seconds, and --http-retries and --retry-delay at least 0.");
            return null;
        }
        var keyVariable = parse.GetValue(ApiKeyEnv)!;
        var apiKey = console.GetEnvironmentVariable(keyVariable);
        var probes = await Task.WhenAll(endpoints.Select(e => EndpointProbe.ProbeAsync(e, apiKey, ProbeTimeout, cancellationToken))).ConfigureAwait(false);
        if (probes.FirstOrDefault(p => p.Status == EndpointStatus.KeyRefused) is { } refused)
        {
            // Every request would be refused alike; the key itself is never shown, only where it was read from.
            console.Error.WriteLine(string.IsNullOrEmpty(apiKey)
                ? $"error: {refused.Endpoint} wants a key ({refused.Reason}), and ${keyVariable} is not set; set it, or name the variable that holds the key with --api-key-env"
                : $"error: {refused.Endpoint} refused the key in ${keyVariable} ({refused.Reason}); check that variable, or name the right one with --api-key-env");
            return null;
        }
        var unreachable = probes.Where(p => p.Status == EndpointStatus.Unreachable).ToList();
        foreach (var probe in unreachable)
        {
            var fatal = unreachable.Count == endpoints.Count;
            console.Error.WriteLine($"{(fatal ? "error" : "warning")}: nothing answers at {probe.Endpoint} ({probe.Reason}){(fatal ? "; is the server running, and done loading its model?" : "; its requests go to the others until it answers")}");
        }
        if (unreachable.Count == endpoints.Count)
        {
            return null;
        }
        var faults = new HttpFaultPolicy
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            MaxRetries = parse.GetValue(HttpRetries),
            BaseDelay = TimeSpan.FromSeconds(parse.GetValue(RetryDelay)),
            OnRetry = message => console.Error.WriteLine($"http: {message}"),
        };
        var clients = endpoints.Select(e => OpenAICompatibleEngine.CreateChatClient(e, model, apiKey, faults)).ToList();
        IChatClient client = clients.Count == 1 ? clients[0] : new EndpointRouter(clients);
        if (LogprobsWanted(parse))
        {
            client = new LogprobScoreReader(client, onRefused: reason => console.Error.WriteLine($"http: the server refused logprobs ({reason}); judging on without them, so probabilities stay empty"));
        }
        var where = string.Join(", ", endpoints.Select(OpenAICompatibleEngine.NormalizeEndpoint));
        return new JudgeEngine(client, $"{model} at {where}", OpenAICompatibleEngine.Identity(model, LogprobsWanted(parse)), httpConcurrency);
    }

    /// <summary>The in-process engine's settings from the flags, or null with the reason on stderr.</summary>
    public LlamaCppEngineOptions? TryReadInProcess(ParseResult parse, CliConsole console, string? modelPath)
    {
        if (string.IsNullOrWhiteSpace(modelPath))
        {
            console.Error.WriteLine("error: give --model file.gguf to judge in-process, or --endpoint URL with --model NAME to judge through a server.");
            return null;
        }
        // A file llama.cpp cannot load is named before minutes go into loading it, or into loading the model before it.
        if (Paths.InputPathCheck.GgufProblem(modelPath) is { } problem)
        {
            console.Error.WriteLine($"error: --model {modelPath}: {problem}. Without --endpoint, --model names a GGUF file to run in-process.");
            return null;
        }
        var loras = new List<LoraAdapterSpec>();
        foreach (var text in parse.GetValue(Lora) ?? [])
        {
            var lora = string.IsNullOrWhiteSpace(text) ? null : LoraAdapterSpec.Parse(text);
            if ((lora is null ? "names no file" : Paths.InputPathCheck.GgufProblem(lora.Path)) is { } loraProblem)
            {
                console.Error.WriteLine($"error: --lora {lora?.Path ?? "''"}: {loraProblem}.");
                return null;
            }
            loras.Add(lora!);
        }
        var (threads, context, parallel) = (parse.GetValue(Threads), parse.GetValue(Context), parse.GetValue(Parallel));
        if (threads < 1 || parallel < 1 || context < 64)
        {
            console.Error.WriteLine("error: --threads and --parallel must be at least 1, and --ctx at least 64.");
            return null;
        }
        return new LlamaCppEngineOptions(modelPath)
        {
            Loras = loras,
            Threads = threads,
            ContextPerSequence = context,
            Parallel = parallel,
            ConstrainVerdict = parse.GetValue(Constrain),
            FlashAttention = parse.GetValue(FlashAttention) switch { "on" => true, "off" => false, _ => null },
        };
    }

    private JudgeEngine? TryCreateInProcess(ParseResult parse, CliConsole console, string? modelPath)
    {
        var options = TryReadInProcess(parse, console, modelPath);
        if (options is null)
        {
            return null;
        }
        if (TryLoad(options, console) is not { } engine)
        {
            return null;
        }
        var adapters = options.Loras.Count == 0 ? "" : " + " + string.Join(" + ", options.Loras.Select(l => $"{Path.GetFileName(l.Path)}:{l.Scale}"));
        // Twice the sequences, so a finished sequence always finds the next request already queued.
        return new JudgeEngine(
            engine.AsChatClient(),
            $"{Path.GetFileName(options.ModelPath)}{adapters} in-process ({options.Parallel} parallel, {options.Threads} threads)",
            options.Identity(),
            options.Parallel * 2,
            engine);
    }

    /// <summary>Loads the in-process engine, or null with llama.cpp's reason on stderr where it cannot read a file.</summary>
    public static LlamaCppEngine? TryLoad(LlamaCppEngineOptions options, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            return LlamaCppEngine.Load(options);
        }
        catch (InvalidDataException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
