using System.Text.Json;
using System.Text.RegularExpressions;
using KoJudge.Datasets;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// A PEFT LoRA adapter's <c>adapter_config.json</c>: its rank and alpha, which modules it targets, and the per-module
/// ranks and alphas of <c>rank_pattern</c> and <c>alpha_pattern</c>, matched against module names (such as
/// <c>model.layers.3.self_attn.q_proj</c>) the way PEFT matches them. What a GGUF LoRA cannot express is refused here,
/// naming the field: DoRA, saved whole modules, embedding adapters, trained biases.
/// </summary>
public sealed class PeftAdapterConfig
{
    public const string FileName = "adapter_config.json";

    // PEFT's own choice for a Llama model whose config names no targets.
    private static readonly string[] LlamaDefaultTargets = ["q_proj", "v_proj"];

    // The modules that hold token embeddings: llama.cpp's adapter loader has no way to apply a LoRA to them.
    private static readonly string[] EmbeddingModules = ["embed_tokens", "lm_head"];

    private readonly IReadOnlyList<string>? targetNames;
    private readonly Regex? targetPattern;
    private readonly IReadOnlyList<(string Key, Regex Match, int Rank)> rankPattern;
    private readonly IReadOnlyList<(string Key, Regex Match, double Alpha)> alphaPattern;

    private PeftAdapterConfig(
        string file, int rank, double alpha, bool useRslora, IReadOnlyList<string>? targetNames, Regex? targetPattern,
        IReadOnlyList<(string, Regex, int)> rankPattern, IReadOnlyList<(string, Regex, double)> alphaPattern)
    {
        File = file;
        Rank = rank;
        Alpha = alpha;
        UseRslora = useRslora;
        this.targetNames = targetNames;
        this.targetPattern = targetPattern;
        this.rankPattern = rankPattern;
        this.alphaPattern = alphaPattern;
    }

    public string File { get; }

    /// <summary><c>r</c>: the rank of every module <c>rank_pattern</c> does not name.</summary>
    public int Rank { get; }

    /// <summary><c>lora_alpha</c>: the alpha of every module <c>alpha_pattern</c> does not name.</summary>
    public double Alpha { get; }

    /// <summary><c>use_rslora</c>: the scale is alpha / √r rather than alpha / r.</summary>
    public bool UseRslora { get; }

    /// <summary>Reads <paramref name="path"/>, refusing what a GGUF LoRA cannot hold by the field that asks for it.</summary>
    /// <exception cref="InputFormatException">The file is missing or not JSON, or a field is wrong or not convertible.</exception>
    public static PeftAdapterConfig Read(string path)
    {
        using var document = HuggingFaceJson.Parse(path);
        var json = new HuggingFaceJson(path, document.RootElement);
        if (json.String("peft_type") is { } type && type != "LORA")
        {
            throw json.Problem("peft_type", $"{type} is not converted (LORA is)");
        }
        if (json.Bool("use_dora", false))
        {
            throw json.Problem("use_dora", "is true; DoRA rescales each weight by a learned magnitude, which a GGUF LoRA adapter cannot express");
        }
        if (json.String("bias") is { } bias && bias != "none")
        {
            throw json.Problem("bias", $"is \"{bias}\"; the adapter trained biases, which a GGUF LoRA adapter cannot hold (only \"none\" is converted)");
        }
        if (json.Bool("lora_bias", false))
        {
            throw json.Problem("lora_bias", "is true; lora_B has a bias, which a GGUF LoRA adapter cannot hold");
        }
        if (json.Optional("modules_to_save") is { } saved && !(saved.ValueKind == JsonValueKind.Array && saved.GetArrayLength() == 0))
        {
            throw json.Problem("modules_to_save", $"is {saved.GetRawText()}; whole modules saved with the adapter are not a LoRA, and a GGUF LoRA adapter cannot hold them");
        }
        if (json.Optional("trainable_token_indices") is { } tokens)
        {
            throw json.Problem("trainable_token_indices", $"is {tokens.GetRawText()}; trained token embeddings are not a LoRA, and a GGUF LoRA adapter cannot hold them");
        }
        if (json.Optional("layer_replication") is { } replication)
        {
            throw json.Problem("layer_replication", $"is {replication.GetRawText()}; it changes the base model's layers, which a GGUF LoRA adapter cannot");
        }
        var (names, pattern) = ReadTargets(json);
        var rank = json.Int("r", 8);
        var useRslora = json.Bool("use_rslora", false);
        return new PeftAdapterConfig(path, rank, json.Double("lora_alpha", 8), useRslora, names, pattern,
            ReadPattern(json, "rank_pattern", (field, value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var r) && r >= 1
                ? r
                : throw json.Problem(field, $"must be a whole number of at least 1, not {value.GetRawText()}")),
            ReadPattern(json, "alpha_pattern", (field, value) => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var a) && double.IsFinite(a)
                ? a
                : throw json.Problem(field, $"must be a number, not {value.GetRawText()}")));
    }

    /// <summary>Whether <c>target_modules</c> names <paramref name="module"/>, as PEFT decides it when it adds the adapter.</summary>
    public bool Targets(string module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return targetPattern is { } pattern
            ? pattern.IsMatch(module)
            : targetNames!.Any(t => module == t || module.EndsWith("." + t, StringComparison.Ordinal));
    }

    /// <summary>The rank PEFT gives <paramref name="module"/>, and the field it comes from (<c>r</c> or a <c>rank_pattern</c> key).</summary>
    public (int Rank, string Field) RankOf(string module) =>
        Lookup(rankPattern, module) is { } match ? (match.Value, $"rank_pattern.{match.Key}") : (Rank, "r");

    /// <summary>The alpha PEFT gives <paramref name="module"/>: its <c>alpha_pattern</c> entry, else <c>lora_alpha</c>.</summary>
    public double AlphaOf(string module) => Lookup(alphaPattern, module)?.Value ?? Alpha;

    /// <summary>PEFT's scale of <paramref name="module"/>'s B·A: alpha / r, or alpha / √r with <c>use_rslora</c>.</summary>
    public double ScaleOf(string module, int rank) => AlphaOf(module) / (UseRslora ? Math.Sqrt(rank) : rank);

    // PEFT takes the first key, in the file's order, that is the module's name or a dotted tail of it, read as a regex.
    private static (string Key, T Value)? Lookup<T>(IReadOnlyList<(string Key, Regex Match, T Value)> pattern, string module)
    {
        foreach (var (key, match, value) in pattern)
        {
            if (match.IsMatch(module))
            {
                return (key, value);
            }
        }
        return null;
    }

    private static (IReadOnlyList<string>?, Regex?) ReadTargets(HuggingFaceJson json)
    {
        const string Field = "target_modules";
        switch (json.Optional(Field))
        {
            case null:
                return (LlamaDefaultTargets, null);
            case { ValueKind: JsonValueKind.String } text when text.GetString() == "all-linear":
                // Every linear layer but the output head: the seven projections of each Llama layer.
                return ([.. LlamaTensorNames.Projections.Keys], null);
            case { ValueKind: JsonValueKind.String } text:
                var pattern = Compile(json, Field, $@"^(?:{text.GetString()})\z");
                if (EmbeddingModules.FirstOrDefault(m => pattern.IsMatch(m) || pattern.IsMatch("model." + m)) is { } embedding)
                {
                    throw EmbeddingTarget(json, embedding);
                }
                return (null, pattern);
            case { ValueKind: JsonValueKind.Array } list:
                var names = new List<string>();
                foreach (var item in list.EnumerateArray())
                {
                    names.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw json.Problem(Field, $"must list module names, not {item.GetRawText()}"));
                }
                if (names.FirstOrDefault(n => EmbeddingModules.Any(m => n == m || n.EndsWith("." + m, StringComparison.Ordinal))) is { } target)
                {
                    throw EmbeddingTarget(json, target);
                }
                return names.Count > 0 ? (names, null) : throw json.Problem(Field, "names no module");
            case var other:
                throw json.Problem(Field, $"must be a list of module names or a regular expression, not {other.Value.GetRawText()}");
        }
    }

    private static InputFormatException EmbeddingTarget(HuggingFaceJson json, string module) =>
        json.Problem("target_modules", $"targets {module}; a LoRA on the token embedding or output head cannot be applied by llama.cpp's adapter loader");

    private static List<(string, Regex, T)> ReadPattern<T>(HuggingFaceJson json, string field, Func<string, JsonElement, T> read)
    {
        var entries = new List<(string, Regex, T)>();
        switch (json.Optional(field))
        {
            case null:
                return entries;
            case { ValueKind: JsonValueKind.Object } pattern:
                foreach (var entry in pattern.EnumerateObject())
                {
                    var key = $"{field}.{entry.Name}";
                    entries.Add((entry.Name, Compile(json, key, $@"^(?:.*\.)?(?:{entry.Name})$"), read(key, entry.Value)));
                }
                return entries;
            case var other:
                throw json.Problem(field, $"must be an object of module names, not {other.Value.GetRawText()}");
        }
    }

    private static Regex Compile(HuggingFaceJson json, string field, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw json.Problem(field, $"is not a regular expression ({e.Message})");
        }
    }
}
