using System.CommandLine;
using KoJudge.Cli.Help;
using System.Text.Json;
using KoJudge.ChatTemplates;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.LlamaCpp.Benchmarks;
using KoJudge.Prompts;

namespace KoJudge.Cli.Commands;

/// <summary><c>kojudge bench</c>: measures the in-process engine against the seed's loop and a bare llama.cpp loop, and prints JSON.</summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "A GGUF model file.", Required = true };
        var judgments = new Option<int>("--judgments") { Description = "How many judgments each mode makes.", DefaultValueFactory = _ => 16 };
        var newTokens = new Option<int>("--new-tokens") { Description = "Tokens each judgment generates, exactly: no early stop.", DefaultValueFactory = _ => 256 };
        var parallel = new Option<int>("--parallel") { Description = "Sequences decoded together (engine and raw).", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Environment.ProcessorCount }.DefaultsTo("the CPU count");
        var context = new Option<int>("--ctx") { Description = "Tokens each sequence holds.", DefaultValueFactory = _ => 2048 };
        var flash = new Option<string>("--flash-attention") { Description = "auto, on or off.", DefaultValueFactory = _ => "auto" };
        flash.AcceptOnlyFromAmong("auto", "on", "off");
        var rounds = new Option<int>("--rounds") { Description = "Run each mode this many times in turn and keep the fastest run of each.", DefaultValueFactory = _ => 1 };
        var items = new Option<FileInfo?>("--items") { Description = "Judge these items (JSONL, as `kojudge judge --input`) instead of the seed's example." };
        var command = new Command(
            "bench",
            "Measure judging throughput three ways on the same prompts, generating exactly --new-tokens greedy tokens each: naive (the seed's "
            + "one-at-a-time loop), engine (KoJudge's batched engine with prefix sharing) and raw (a bare llama.cpp loop with the same batches). "
            + "Prints one JSON object; speedup = naive_s / engine_s and efficiency = raw_s / engine_s.");
        foreach (var option in new Option[] { model, judgments, newTokens, parallel, threads, context, flash, rounds, items })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(model)!;
            if (InputPathCheck.GgufProblem(path) is { } problem)
            {
                console.Error.WriteLine($"error: --model {path}: {problem}.");
                return ExitCodes.BadInput;
            }
            var count = parse.GetValue(judgments);
            if (count < 1 || parse.GetValue(newTokens) < 1 || parse.GetValue(parallel) < 1 || parse.GetValue(rounds) < 1)
            {
                console.Error.WriteLine("error: --judgments, --new-tokens, --parallel and --rounds must be at least 1.");
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(items) is { } itemsFile && InputPathCheck.FileProblem(itemsFile.FullName) is { } itemsProblem)
            {
                console.Error.WriteLine($"error: --items {itemsFile.FullName}: {itemsProblem}.");
                return ExitCodes.BadInput;
            }
            IReadOnlyList<JudgeItem> source;
            try
            {
                source = parse.GetValue(items) is { } file ? JudgeItemReader.ReadAll(file.FullName) : SeedItems(count);
            }
            catch (InputFormatException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            var prompts = Enumerable.Range(0, count).Select(i => Llama3ChatTemplate.Render(source[i % source.Count].RenderPrompt())).ToList();
            var settings = new ThroughputBenchmarkSettings(path)
            {
                NewTokens = parse.GetValue(newTokens),
                Parallel = parse.GetValue(parallel),
                Threads = parse.GetValue(threads),
                ContextPerSequence = parse.GetValue(context),
                FlashAttention = parse.GetValue(flash) switch { "on" => true, "off" => false, _ => null },
                Rounds = parse.GetValue(rounds),
            };
            var log = new Output.LineProgress(console.Error);
            var report = await ThroughputBenchmark.RunAsync(settings, prompts, log, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(JsonSerializer.Serialize(report, KoJudgeJson.Indented));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The seed's example, numbered at the start of its instruction so the prompts share the task description and
    /// differ from there on, as real judgments of different questions do.
    /// </summary>
    private static List<JudgeItem> SeedItems(int count)
    {
        var example = KoPrometheusSeed.Example;
        var rubric = RubricCatalog.Find(example.Category)!.Rubric;
        return Enumerable.Range(1, count)
            .Select(n => new JudgeItem($"seed-{n}", $"문항 {n}: {example.Instruction}", example.Response, example.Reference, rubric, example.Category))
            .ToList();
    }
}
