using System.CommandLine;
using System.Diagnostics;
using KoJudge.Cli.Engines;
using KoJudge.Cli.Output;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.LlamaCpp;
using KoJudge.Gguf.TestModels;
using KoJudge.Prompts;
using Spectre.Console;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge demo</c>: judges the seed's example and a few sample items in-process and prints the results and
/// the throughput. Without <c>--model</c> it generates a tiny random model, which proves the engine end to end.
/// </summary>
public static class DemoCommand
{
    private const string ItemsResource = "KoJudge.Cli.Demo.demo-items.jsonl";

    public static Command Create(CliConsole console)
    {
        var engine = new EngineOptions();
        engine.ModelFile.Description = "A GGUF model file to run in-process; without it, a tiny random-weight model with a random LoRA adapter.";
        var maxTokens = new Option<int>("--max-tokens") { Description = "The longest reply, in tokens.", DefaultValueFactory = _ => 512 };
        var command = new Command(
            "demo",
            "Judge the seed's example and five sample items in-process and print a results table and the throughput. "
            + "Without --model it generates a tiny random-weight model (its scores mean nothing); with --model and --lora it runs a real judge.");
        foreach (var option in new Option[] { engine.ModelFile, engine.Lora, engine.Threads, engine.Parallel, engine.Context, engine.Constrain, engine.FlashAttention, maxTokens })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var random = parse.GetValue(engine.ModelFile) is null;
            string modelPath;
            if (random)
            {
                var (model, lora) = TestModelCache.Default.Tiny();
                modelPath = model;
                console.Error.WriteLine($"No --model given: using a tiny random-weight model ({model}) with a random LoRA adapter.");
                console.Error.WriteLine("Its weights are random, so its feedback is noise and its scores mean nothing: this run proves the engine end to end.");
                console.Error.WriteLine("The verdict grammar (--constrain) is on, so every reply still ends in '[RESULT] n'.");
                var options = engine.TryReadInProcess(parse, console, modelPath);
                if (options is null)
                {
                    return ExitCodes.BadInput;
                }
                // The tiny model's 16-wide heads run about 3x faster without flash attention; a real model is left to llama.cpp.
                var tiny = options with { Loras = [new LoraAdapterSpec(lora)], ConstrainVerdict = true, FlashAttention = options.FlashAttention ?? false };
                return await RunAsync(tiny, parse.GetValue(maxTokens), console, cancellationToken).ConfigureAwait(false);
            }
            var real = engine.TryReadInProcess(parse, console, parse.GetValue(engine.ModelFile));
            return real is null ? ExitCodes.BadInput : await RunAsync(real, parse.GetValue(maxTokens), console, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(LlamaCppEngineOptions options, int maxTokens, CliConsole console, CancellationToken cancellationToken)
    {
        var items = Items();
        var clock = Stopwatch.StartNew();
        await using var engine = EngineOptions.TryLoad(options, console);
        if (engine is null)
        {
            return ExitCodes.BadInput;
        }
        var loadTime = clock.Elapsed;
        using var counted = new UsageCountingChatClient(engine.AsChatClient());
        var judge = new PrometheusJudge(counted, new JudgeOptions { MaxOutputTokens = maxTokens });
        console.Error.WriteLine($"Judging {items.Count} items with {Path.GetFileName(options.ModelPath)} in-process: {options.Parallel} parallel, {options.Threads} threads.");

        clock.Restart();
        var results = await Task.WhenAll(items.Select(item => judge.JudgeAsync(item, cancellationToken).AsTask())).ConfigureAwait(false);
        var judgeTime = clock.Elapsed;

        var terminal = Terminal.For(console.Out, console.OutputWidth);
        var table = new Table().AddColumns("id", "category", "score", "expected", "attempts", "feedback or error");
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(result.Id),
                Markup.Escape(result.Category ?? ""),
                result.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                result.ExpectedScore?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                result.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(Shorten(result.Error ?? result.Feedback ?? "")));
        }
        terminal.Write(table);
        var seconds = judgeTime.TotalSeconds;
        // Two lines, each within 80 columns.
        console.Out.WriteLine(
            $"{results.Count(r => r.Succeeded)}/{results.Length} scored in {seconds:0.00} s (model loaded in {loadTime.TotalSeconds:0.00} s), "
            + $"{results.Length / seconds:0.00} judgments/s:");
        console.Out.WriteLine($"{counted.InputTokens} prompt tokens, {counted.OutputTokens} generated, {counted.OutputTokens / seconds:0} generated tokens/s.");
        return results.All(r => r.Succeeded) ? ExitCodes.Success : ExitCodes.NoVerdict;
    }

    /// <summary>The seed card's example, then the sample items written for the demo.</summary>
    private static List<JudgeItem> Items()
    {
        var example = KoPrometheusSeed.Example;
        var items = new List<JudgeItem>
        {
            new("seed-math", example.Instruction, example.Response, example.Reference, RubricCatalog.Find(example.Category)!.Rubric, example.Category),
        };
        using var resource = typeof(DemoCommand).Assembly.GetManifestResourceStream(ItemsResource)!;
        items.AddRange(JudgeItemReader.ReadAll("demo-items.jsonl", resource));
        return items;
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 60), "…");
    }
}
