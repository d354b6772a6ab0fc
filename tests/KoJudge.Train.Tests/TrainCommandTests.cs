using System.Text.Json;
using KoJudge.Cli;
using KoJudge.Cli.Tests.Support;
using KoJudge.Gguf.Safetensors;
using KoJudge.Training.Data;
using KoJudge.Training.Training;
using KoJudge.Training.Tests.Support;
using KoJudge.Train.Tests.Support;

namespace KoJudge.Train.Tests;

public sealed class TrainCommandTests
{
    [Fact]
    public async Task A_run_writes_a_PEFT_adapter_of_the_chosen_targets_and_a_summary_of_what_ran()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), JudgingRows.Rows(10, seed: 1));
        var eval = JudgingRows.Write(Path.Combine(checkpoint.Directory, "eval.jsonl"), JudgingRows.Rows(5, seed: 2));
        var output = Path.Combine(checkpoint.Directory, "adapter");
        var json = Path.Combine(checkpoint.Directory, "summary.json");

        // 10 rows in steps of 2 × 2: 3 steps an epoch (the last of 2 rows), 6 in all, evaluated after step 3 and at the end.
        var run = await Train(checkpoint,
            "--data", data, "--eval", eval, "--output", output, "--json", json, "--epochs", "2", "--batch", "2", "--grad-accum", "2",
            "--rank", "4", "--alpha", "8", "--targets", "q_proj,v_proj", "--lr", "1e-2", "--eval-every", "3");

        run.AssertExit(ExitCodes.Success);
        var weights = Path.Combine(output, "adapter_model.safetensors");
        using (var adapter = SafetensorsFile.Open(weights))
        {
            var spec = TinyCheckpoint.Spec;
            var kv = spec.KvHeads * spec.HeadDimension;
            var expected = Enumerable.Range(0, spec.Layers).SelectMany(layer => new[]
            {
                ($"base_model.model.model.layers.{layer}.self_attn.q_proj.lora_A.weight", new long[] { 4, spec.Hidden }),
                ($"base_model.model.model.layers.{layer}.self_attn.q_proj.lora_B.weight", new long[] { spec.Heads * spec.HeadDimension, 4 }),
                ($"base_model.model.model.layers.{layer}.self_attn.v_proj.lora_A.weight", new long[] { 4, spec.Hidden }),
                ($"base_model.model.model.layers.{layer}.self_attn.v_proj.lora_B.weight", new long[] { kv, 4 }),
            }).OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Select(t => t.Item1), adapter.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.All(expected, t => Assert.Equal(t.Item2, adapter.Tensors.Single(x => x.Name == t.Item1).Shape));
        }
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "adapter_config.json"))))
        {
            Assert.Equal(4, config.RootElement.GetProperty("r").GetInt32());
            Assert.Equal(8, config.RootElement.GetProperty("lora_alpha").GetDouble());
            Assert.Equal(["q_proj", "v_proj"], config.RootElement.GetProperty("target_modules").EnumerateArray().Select(t => t.GetString()).Order());
        }

        // What ran, counted apart from the trainer: every row read once an epoch, each of its tokens but the last one fed in.
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(Path.Combine(checkpoint.Directory, "tokenizer.json"));
        var rows = await TrainingRowReader.ReadAsync(data, cancellationToken: TestContext.Current.CancellationToken);
        var examples = new TrainingExampleRenderer(tokenizer, 4096).RenderAll(rows.Rows, TestContext.Current.CancellationToken).Examples;
        using var summary = JsonDocument.Parse(File.ReadAllText(json));
        var root = summary.RootElement;
        Assert.Equal("Completed", root.GetProperty("Outcome").GetString());
        Assert.Equal((6, 6), (root.GetProperty("Steps").GetInt32(), root.GetProperty("TotalSteps").GetInt32()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ResumedFromStep").ValueKind);
        Assert.Equal(2 * examples.Sum(e => (long)e.Length - 1), root.GetProperty("Tokens").GetInt64());
        Assert.Equal(2 * examples.Sum(e => (long)e.TargetIds.Count), root.GetProperty("TargetTokens").GetInt64());
        Assert.Equal(5, root.GetProperty("Evaluation").GetProperty("Examples").GetInt32());
        Assert.Equal(5, root.GetProperty("Evaluation").GetProperty("VerdictsScored").GetInt32());
        Assert.Equal(output, root.GetProperty("AdapterDirectory").GetString());

        Assert.Contains("eval at step 3/6: loss ", run.Error, StringComparison.Ordinal);
        Assert.Contains("step 6/6 loss ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"done: 6 steps, {2 * examples.Sum(e => (long)e.Length - 1):N0} tokens in ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"adapter: {Path.Combine(output, "adapter_config.json")} and adapter_model.safetensors", run.Error, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Error);
        // Every line but the one that names the adapter's path, which is as long as the path is.
        Assert.All(run.Error.Split('\n').Where(l => !l.StartsWith("adapter: ", StringComparison.Ordinal)), line => Assert.True(line.Length <= 80, $"{line.Length} characters: {line}"));
    }

    [Fact]
    public async Task A_run_cancelled_after_a_step_exits_130_with_its_checkpoint_and_the_same_command_resumes_to_the_uninterrupted_adapter()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), JudgingRows.Rows(24, seed: 3));
        var uninterrupted = Path.Combine(checkpoint.Directory, "uninterrupted");
        var interrupted = Path.Combine(checkpoint.Directory, "interrupted");
        // 12 steps of 2 rows, with dropout (the default 0.05): order, dropout draws and AdamW's moments must all come back.
        string[] flags = ["--data", data, "--batch", "2", "--grad-accum", "1", "--rank", "4", "--lr", "1e-2", "--seed", "5", "--checkpoint-every", "5"];
        (await Train(checkpoint, [.. flags, "--output", uninterrupted])).AssertExit(ExitCodes.Success);

        // Cancelled as Ctrl+C cancels it, once the first progress line (written after the run's first step) is out.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var error = new CancellingWriter(cancellation, "step ");
        using var output = new StringWriter();
        var console = new CliConsole(TextReader.Null, output, error, _ => null);
        var exit = await KoJudgeCommandLine.InvokeAsync(TrainerCommandLine.Build(console), ["--base", checkpoint.Directory, .. flags, "--output", interrupted], console, cancellation.Token);

        Assert.True(exit == ExitCodes.Cancelled, $"exit {exit}: {error}");
        var cancelLine = error.ToString().Split('\n').Single(l => l.StartsWith("cancelled after step ", StringComparison.Ordinal));
        var step = int.Parse(cancelLine["cancelled after step ".Length..].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(step, 1, 11);
        Assert.True(File.Exists(Path.Combine(interrupted, $"checkpoint-{step}", "adapter_model.safetensors")), error.ToString());
        Assert.False(File.Exists(Path.Combine(interrupted, "adapter_model.safetensors")), "A cancelled run wrote a final adapter.");

        var resumed = await Train(checkpoint, [.. flags, "--output", interrupted]);

        resumed.AssertExit(ExitCodes.Success);
        Assert.Contains($"resuming from step {step} (checkpoint-{step} in {interrupted})", resumed.Error, StringComparison.Ordinal);
        Assert.Contains($"done: 12 steps (resumed from step {step}), ", resumed.Error, StringComparison.Ordinal);
        var difference = AdapterFiles.MaxDifference(Path.Combine(uninterrupted, "adapter_model.safetensors"), Path.Combine(interrupted, "adapter_model.safetensors"));
        Assert.True(difference <= 1e-5, $"The resumed adapter differs from the uninterrupted one by {difference}.");
    }

    [Fact]
    public async Task A_bad_row_is_named_by_file_row_and_field_with_exit_2_before_anything_is_written()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var rows = JudgingRows.Rows(4, seed: 1);
        rows[2].Remove("orig_feedback");
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), rows);
        var output = Path.Combine(checkpoint.Directory, "adapter");

        var run = await Train(checkpoint, "--data", data, "--output", output);

        run.AssertExit(ExitCodes.BadInput);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {data}:3: field 'orig_feedback': ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "The output folder was made for a run that never started.");
    }

    [Theory]
    [InlineData("model.safetensors", "not a Hugging Face checkpoint folder: it has no model.safetensors or model.safetensors.index.json")]
    [InlineData("tokenizer.json", "not a Hugging Face checkpoint folder: it has no tokenizer.json")]
    public async Task A_base_folder_without_its_files_is_refused_in_one_line_with_exit_2(string removed, string problem)
    {
        using var checkpoint = TinyCheckpoint.Create();
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), JudgingRows.Rows(2, seed: 1));
        File.Delete(Path.Combine(checkpoint.Directory, removed));

        var run = await Train(checkpoint, "--data", data, "--output", Path.Combine(checkpoint.Directory, "adapter"));

        run.AssertExit(ExitCodes.BadInput);
        Assert.Equal($"error: --base {checkpoint.Directory}: {problem}", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_base_whose_weights_do_not_fit_its_config_is_refused_in_one_line_with_exit_2()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), JudgingRows.Rows(2, seed: 1));
        var config = Path.Combine(checkpoint.Directory, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3", StringComparison.Ordinal));

        var run = await Train(checkpoint, "--data", data, "--output", Path.Combine(checkpoint.Directory, "adapter"));

        run.AssertExit(ExitCodes.BadInput);
        var error = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: --base {checkpoint.Directory}: {checkpoint.Directory}: the checkpoint has no model.layers.2.", Assert.Single(error), StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bf16_run_with_gradient_checkpointing_completes_and_writes_a_float32_adapter()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), JudgingRows.Rows(4, seed: 5));
        var output = Path.Combine(checkpoint.Directory, "adapter");
        var json = Path.Combine(checkpoint.Directory, "summary.json");

        string[] args = ["--data", data, "--batch", "2", "--grad-accum", "1", "--rank", "4"];
        var f32 = Path.Combine(checkpoint.Directory, "f32");

        var run = await Train(checkpoint, [.. args, "--output", output, "--json", json, "--dtype", "bf16", "--gradient-checkpointing"]);
        var f32Run = await Train(checkpoint, [.. args, "--output", f32]);

        run.AssertExit(ExitCodes.Success);
        f32Run.AssertExit(ExitCodes.Success);
        using var summary = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("Completed", summary.RootElement.GetProperty("Outcome").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("Steps").GetInt32());
        Assert.True(double.IsFinite(summary.RootElement.GetProperty("FinalLoss").GetDouble()), run.Error);
        // The base ran in bf16; the LoRA weights it learned stay float32, as PEFT and kojudge convert lora read them.
        using var adapter = SafetensorsFile.Open(Path.Combine(output, "adapter_model.safetensors"));
        Assert.Equal(TinyCheckpoint.Spec.Layers * 7 * 2, adapter.Tensors.Count);
        Assert.All(adapter.Tensors, t => Assert.Equal(SafetensorsDtype.F32, t.Dtype));
        Assert.All(adapter.Tensors, t => Assert.All(adapter.ReadSingles(t.Name), w => Assert.True(float.IsFinite(w))));
        // The flag reached the trainer: bf16's rounding in the forward pass moves the learned weights off f32's.
        using var f32Adapter = SafetensorsFile.Open(Path.Combine(f32, "adapter_model.safetensors"));
        Assert.Contains(adapter.Tensors, t => !adapter.ReadSingles(t.Name).SequenceEqual(f32Adapter.ReadSingles(t.Name)));
    }

    [Fact]
    public async Task Cuda_on_this_CPU_build_is_refused_in_the_libraries_one_line_with_exit_1_before_a_row_is_read()
    {
        Assert.SkipWhen(TorchSharp.torch.cuda.is_available(), "libtorch has CUDA here");
        // The library's own words, asked of it directly.
        var refusal = Assert.Throws<TrainingDeviceUnavailableException>(() => new LoraTrainer(new LoraTrainingOptions { Device = "cuda" }));

        // Paths that are none: the device is refused before any of them is looked at.
        var run = await CliRun.InvokeTreeAsync(TrainerCommandLine.Build, ["--base", "b", "--data", "d", "--output", "o", "--device", "cuda"], null, TestContext.Current.CancellationToken);

        run.AssertExit(ExitCodes.Failure);
        Assert.Equal($"error: --device cuda: {refusal.Message}", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static Task<CliRun> Train(TinyCheckpoint checkpoint, params string[] args) =>
        CliRun.InvokeTreeAsync(TrainerCommandLine.Build, ["--base", checkpoint.Directory, .. args], null, TestContext.Current.CancellationToken);
}
