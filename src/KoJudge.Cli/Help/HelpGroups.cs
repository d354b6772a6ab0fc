using System.CommandLine;
using System.Runtime.CompilerServices;

namespace KoJudge.Cli.Help;

/// <summary>
/// The heading each option's help is listed under. Kept by flag name, in one table, so a flag sits under the same
/// heading in every command, and a flag no heading claims is a test failure rather than a stray line.
/// </summary>
public static class HelpGroups
{
    public const string Input = "Input";
    public const string Engine = "Engine";
    public const string InProcess = "Engine (in-process)";
    public const string Http = "Engine (HTTP)";
    public const string Run = "Run";
    public const string Output = "Output";
    public const string Model = "Model shape";
    public const string Lora = "LoRA";
    public const string Optimisation = "Optimisation";
    public const string Server = "Server";
    public const string General = "General";

    /// <summary>The headings, in the order a help lists them.</summary>
    public static IReadOnlyList<string> InOrder { get; } = [Input, Engine, InProcess, Http, Model, Lora, Optimisation, Server, Run, Output, General];

    private static readonly Dictionary<string, string> ByName = Table(
        (Input, ["--input", "--rubric", "--instruction", "--response", "--reference", "--bank", "--bank-items", "--logickor", "--strategy",
            "--template", "--reference-answers", "--gold", "--judged", "--kudge", "--kudge-falseinfo", "--verdicts", "--answers", "--base",
            "--items", "--baseline", "--baseline-answers", "--exclude-model", "--keep-own-answers", "--tokenizer-json", "--turn",
            "--pairwise", "--pairs-per-question", "--on-bad-input", "--data", "--eval"]),
        (Engine, ["--model", "--cache", "--no-cache", "--device", "--dtype", "--gradient-checkpointing"]),
        (InProcess, ["--lora", "--threads", "--ctx", "--parallel", "--constrain", "--flash-attention"]),
        (Http, ["--endpoint", "--api-key-env", "--timeout", "--http-retries", "--retry-delay", "--logprobs", "--no-logprobs"]),
        (Model, ["--layers", "--embedding", "--feed-forward", "--hidden", "--bench"]),
        (Lora, ["--rank", "--alpha", "--dropout", "--targets"]),
        (Optimisation, ["--epochs", "--lr", "--warmup", "--batch", "--grad-accum", "--max-length"]),
        (Server, ["--host", "--port", "--served-model-name"]),
        (Run, ["--judge", "--verdict-format", "--system", "--max-tokens", "--retries", "--seed", "--concurrency", "--shard", "--retry-failed",
            "--limit", "--multi-turn", "--chat", "--bootstrap", "--length-control", "--anchor", "--diff", "--judgments", "--new-tokens",
            "--rounds", "--latency-ms", "--memory-judgments", "--max-warm-up-rounds", "--work", "--bank-method", "--eval-every", "--checkpoint-every"]),
        (Output, ["--output", "--overwrite", "--json", "--html", "--report", "--type", "--lora-output"]),
        (General, ["--help", "--version", "--verbose"]));

    // Where one command uses a flag in another role than the table's (serve's --api-key-env is the key it asks of clients).
    private static readonly ConditionalWeakTable<Option, string> Placed = new();

    private static Dictionary<string, string> Table(params (string Heading, string[] Names)[] groups) =>
        groups.SelectMany(g => g.Names.Select(n => (n, g.Heading))).ToDictionary(p => p.n, p => p.Heading, StringComparer.Ordinal);

    /// <summary>Lists <paramref name="option"/> under <paramref name="heading"/> wherever it is added, whatever its name's heading.</summary>
    public static TOption PlaceUnder<TOption>(this TOption option, string heading)
        where TOption : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        if (!InOrder.Contains(heading))
        {
            throw new ArgumentException($"'{heading}' is no help heading", nameof(heading));
        }
        Placed.AddOrUpdate(option, heading);
        return option;
    }

    /// <summary>The heading of <paramref name="option"/>; null for a flag no heading claims.</summary>
    public static string? Of(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return Placed.TryGetValue(option, out var placed) ? placed : ByName.GetValueOrDefault(option.Name);
    }
}
