using System.Globalization;
using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.Prompts;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class InProcessCommandTests
{
    private static string WriteItems(int count)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-").FullName, "items.jsonl");
        var rubrics = new[] { "math", "writing", "grammar", "coding", "reasoning", "understanding" };
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(n => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"item-{n}",
            ["instruction"] = $"{n} 더하기 {n}은 얼마인가요?",
            ["response"] = (2 * n).ToString(CultureInfo.InvariantCulture),
            ["reference"] = n % 2 == 0 ? (2 * n).ToString(CultureInfo.InvariantCulture) : null,
            ["rubric"] = rubrics[n % rubrics.Length],
        })));
        return path;
    }

    [Fact]
    public async Task Judges_a_file_in_process_with_a_LoRA_and_the_grammar_giving_every_row_a_score_and_its_distribution()
    {
        var (model, lora) = GeneratedModels.Tiny();
        var input = WriteItems(12);
        var output = Path.ChangeExtension(input, ".results.jsonl");

        var run = await CliRun.InvokeAsync(
            ["judge", "--model", model, "--lora", lora, "--input", input, "--output", output, "--constrain",
             "--threads", "2", "--parallel", "4", "--ctx", "2560", "--max-tokens", "64", "--flash-attention", "off"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("in-process (4 parallel, 2 threads)", run.Error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(12, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.InRange(row.GetProperty("score").GetInt32(), 1, 5);
            var probabilities = row.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToList();
            Assert.Equal(5, probabilities.Count);
            Assert.Equal(1.0, probabilities.Sum(), precision: 9);
            Assert.InRange(row.GetProperty("expected_score").GetDouble(), 1.0, 5.0);
        });
    }

    [Fact]
    public async Task Tokenize_prints_what_Hugging_Faces_tokenizer_gives_for_the_seed_example()
    {
        var prompt = await SeedExampleTokens.ChatPromptAsync();

        var run = await CliRun.InvokeAsync(["tokenize", "--model", GeneratedModels.RealVocabulary()], stdin: prompt);

        run.AssertExit(ExitCodes.Success);
        var ids = JsonSerializer.Deserialize<int[]>(run.Out)!;
        Assert.Equal(620, ids.Length);
        Assert.Equal(SeedExampleTokens.HuggingFaceIds(), ids);
    }

    [Fact]
    public async Task Demo_proves_the_engine_end_to_end_and_says_the_model_is_random()
    {
        var run = await CliRun.InvokeAsync(["demo", "--threads", "2", "--max-tokens", "48"]);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("scores mean nothing", run.Error, StringComparison.Ordinal);
        Assert.Contains("seed-math", run.Out, StringComparison.Ordinal);
        Assert.Contains("coding-dedupe", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"6/6 scored in [0-9.]+ s \(model loaded in [0-9.]+ s\), [0-9.]+ judgments/s:\n[0-9]+ prompt tokens, [0-9]+ generated, [0-9]+ generated tokens/s\.", run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Demo_fits_an_80_column_console()
    {
        var run = await CliRun.InvokeAsync(["demo", "--threads", "2", "--max-tokens", "48"], outputWidth: 80);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("seed-math", run.Out, StringComparison.Ordinal);
        Assert.All(run.Out.Split('\n'), line => Assert.True(HelpConventions.DisplayWidth(line.TrimEnd()) <= 80, $"{HelpConventions.DisplayWidth(line.TrimEnd())} columns: {line}"));
    }

    [Fact]
    public async Task Bench_prints_the_three_timings_and_their_ratios_as_JSON()
    {
        var (model, _) = GeneratedModels.Tiny();

        var run = await CliRun.InvokeAsync(["bench", "--model", model, "--judgments", "4", "--new-tokens", "8", "--parallel", "2", "--threads", "2", "--ctx", "2560"]);

        run.AssertExit(ExitCodes.Success);
        using var report = JsonDocument.Parse(run.Out);
        var root = report.RootElement;
        Assert.Equal(4, root.GetProperty("judgments").GetInt32());
        Assert.Equal(8, root.GetProperty("new_tokens").GetInt32());
        Assert.Equal(2, root.GetProperty("parallel").GetInt32());
        Assert.InRange(root.GetProperty("shared_prefix_tokens").GetInt32(), 100, root.GetProperty("prompt_tokens").GetInt32() - 1);
        var (naive, engine, raw) = (root.GetProperty("naive_s").GetDouble(), root.GetProperty("engine_s").GetDouble(), root.GetProperty("raw_s").GetDouble());
        Assert.True(naive > 0 && engine > 0 && raw > 0);
        Assert.Equal(Math.Round(naive / engine, 3), root.GetProperty("speedup").GetDouble());
        Assert.Equal(Math.Round(raw / engine, 3), root.GetProperty("efficiency").GetDouble());
    }

    [Fact]
    public async Task Make_model_writes_a_model_the_engine_loads()
    {
        var directory = Directory.CreateTempSubdirectory("kojudge-model-").FullName;
        var model = Path.Combine(directory, "m.gguf");
        var lora = Path.Combine(directory, "a.gguf");

        var made = await CliRun.InvokeAsync(["make-model", "--output", model, "--lora-output", lora, "--layers", "1", "--embedding", "32", "--feed-forward", "64"]);
        var judged = await CliRun.InvokeAsync(
            ["judge", "--model", model, "--lora", $"{lora}:0.5", "--rubric", "math", "--instruction", "1+1?", "--response", "2", "--constrain", "--max-tokens", "24", "--threads", "2", "--ctx", "2560"]);

        made.AssertExit(ExitCodes.Success);
        Assert.Contains("parameters", made.Error, StringComparison.Ordinal);
        judged.AssertExit(ExitCodes.Success);
        using var row = JsonDocument.Parse(judged.Out);
        Assert.InRange(row.RootElement.GetProperty("score").GetInt32(), 1, 5);
    }

    [Fact]
    public async Task A_missing_LoRA_file_is_named()
    {
        var (model, _) = GeneratedModels.Tiny();

        var run = await CliRun.InvokeAsync(["judge", "--model", model, "--lora", "/nonexistent/a.gguf:0.5", "--rubric", "math", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("--lora /nonexistent/a.gguf: no such file", run.Error, StringComparison.Ordinal);
    }
}
