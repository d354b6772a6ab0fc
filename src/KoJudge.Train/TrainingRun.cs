using System.Globalization;
using System.Text.Json;
using KoJudge.Cli;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.Training.Data;
using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Training;

namespace KoJudge.Train;

/// <summary>
/// One training run from the command line: every path and every row checked before the model loads, then the
/// trainer with a status line, and the closing summary (and <c>--json</c>). Each refusal is one line and an exit code.
/// </summary>
internal sealed class TrainingRun(CliConsole console, TrainingRunSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        LoraTrainer trainer;
        try
        {
            // First, before a row is read: a device this build or machine has not (CUDA on libtorch's CPU package).
            trainer = new LoraTrainer(settings.Options);
        }
        catch (TrainingDeviceUnavailableException e)
        {
            console.Error.WriteLine($"error: --device {settings.Options.Device}: {e.Message}");
            return ExitCodes.Failure;
        }
        if (!CheckPaths())
        {
            return ExitCodes.BadInput;
        }
        ByteLevelBpeTokenizer tokenizer;
        try
        {
            tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(Path.Combine(settings.BaseDirectory, LlamaTokenizer.TokenizerFileName));
        }
        catch (Exception e) when (e is InputFormatException or InvalidDataException)
        {
            console.Error.WriteLine($"error: --base {settings.BaseDirectory}: {e.Message}");
            return ExitCodes.BadInput;
        }
        var renderer = new TrainingExampleRenderer(tokenizer, settings.Options.MaxLength);
        var training = await ExamplesAsync("--data", settings.DataPath, renderer, cancellationToken).ConfigureAwait(false);
        var evaluation = settings.EvalPath is { } evalPath ? await ExamplesAsync("--eval", evalPath, renderer, cancellationToken).ConfigureAwait(false) : [];
        if (training is null || evaluation is null)
        {
            return ExitCodes.BadInput;
        }
        ResultMarkerVerdictReader? verdicts = null;
        if (evaluation.Count > 0)
        {
            try
            {
                verdicts = ResultMarkerVerdictReader.For(tokenizer);
            }
            catch (ArgumentException e)
            {
                // The loss is still measured; only the verdict cannot be read from one token.
                console.Error.WriteLine($"note: {e.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        var steps = trainer.TotalSteps(training.Count);
        var lora = settings.Options.Lora;
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training {training.Count} rows ({training.Sum(e => (long)e.Length):N0} tokens) for {steps} steps; LoRA r={lora.Rank} alpha={lora.Alpha} on {lora.Targets.Count} projections"));
        if (LoraTrainer.ResumableStep(settings.OutputDirectory) is { } resumable)
        {
            console.Error.WriteLine($"resuming from step {resumable} (checkpoint-{resumable} in {settings.OutputDirectory})");
        }

        LlamaForCausalLM model;
        try
        {
            model = LlamaForCausalLM.Load(settings.BaseDirectory);
        }
        catch (Exception e) when (e is InputFormatException or InvalidDataException or SafetensorsFormatException or IOException)
        {
            console.Error.WriteLine($"error: --base {settings.BaseDirectory}: {e.Message}");
            return ExitCodes.BadInput;
        }
        TrainingSummary summary;
        var line = new StatusLine(console.Error, console.ErrorIsTerminal, console.ErrorWidth ?? Terminal.DefaultWidth);
        using (model)
        {
            try
            {
                summary = trainer.Train(model, training, settings.OutputDirectory, evaluation, verdicts, new TrainingProgressLine(line), cancellationToken);
            }
            catch (InvalidDataException e)
            {
                // A checkpoint of another run (seed, rows or steps) in the output.
                line.WriteLine($"error: --output {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (ArgumentException e) when (e.ParamName is "examples" or "evaluation")
            {
                line.WriteLine($"error: --base {settings.BaseDirectory}: its tokenizer.json and config.json disagree ({e.Message.Split(" (Parameter", 2)[0]})");
                return ExitCodes.BadInput;
            }
        }
        var cancelled = summary.Outcome == TrainingOutcome.Cancelled;
        foreach (var closing in cancelled
            ? [$"cancelled after step {summary.Steps}/{summary.TotalSteps}: saved {summary.Checkpoint}; run the same command again to resume"]
            : Summary(summary))
        {
            line.WriteLine(closing);
        }
        ReportFile.WriteIfAsked(settings.JsonPath is null ? null : new FileInfo(settings.JsonPath), () => JsonSerializer.Serialize(summary, KoJudgeJson.Indented), console);
        return cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    /// <summary>The closing lines: what ran, how fast, how well, and where the adapter is.</summary>
    public static IEnumerable<string> Summary(TrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var resumed = summary.ResumedFromStep is { } from ? $" (resumed from step {from})" : "";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"done: {summary.Steps} steps{resumed}, {summary.Tokens:N0} tokens in {TrainingProgressLine.Clock(TimeSpan.FromSeconds(summary.Seconds))}, {summary.TokensPerSecond:N0} tokens/s, final loss {summary.FinalLoss:0.0000}");
        if (summary.Evaluation is { } evaluation)
        {
            yield return $"eval: {TrainingProgressLine.Describe(evaluation)}";
        }
        yield return $"adapter: {Path.Combine(summary.AdapterDirectory!, PeftAdapterWriter.ConfigFileName)} and {PeftAdapterWriter.WeightsFileName}";
    }

    private bool CheckPaths()
    {
        var ok = true;
        if (BaseProblem(settings.BaseDirectory) is { } problem)
        {
            console.Error.WriteLine($"error: --base {settings.BaseDirectory}: {problem}");
            ok = false;
        }
        foreach (var (flag, path) in new[] { ("--data", settings.DataPath), ("--eval", settings.EvalPath) })
        {
            if (path is not null && InputPathCheck.FileProblem(path) is { } fileProblem)
            {
                console.Error.WriteLine($"error: {flag} {path}: {fileProblem}");
                ok = false;
            }
        }
        return new OutputPathCheck(console).Folder("--output", settings.OutputDirectory).File("--json", settings.JsonPath).Passed && ok;
    }

    /// <summary>Why a folder is not a Hugging Face checkpoint this trainer reads, before anything is loaded; or null.</summary>
    private static string? BaseProblem(string folder)
    {
        if (File.Exists(folder))
        {
            return "is a file; give the model's folder (config.json, tokenizer.json, *.safetensors)";
        }
        if (!Directory.Exists(folder))
        {
            return "no such folder";
        }
        var missing = new[] { LlamaConfig.FileName, LlamaTokenizer.TokenizerFileName }.Where(name => !File.Exists(Path.Combine(folder, name))).ToList();
        if (!File.Exists(Path.Combine(folder, SafetensorsCheckpoint.SingleFileName)) && !File.Exists(Path.Combine(folder, SafetensorsCheckpoint.IndexFileName)))
        {
            missing.Add($"{SafetensorsCheckpoint.SingleFileName} or {SafetensorsCheckpoint.IndexFileName}");
        }
        return missing.Count == 0 ? null : $"not a Hugging Face checkpoint folder: it has no {string.Join(", no ", missing)}";
    }

    /// <summary>A file's rows as token ids, or null once its problems (each with file, row and field) are on stderr.</summary>
    private async Task<List<TokenizedExample>?> ExamplesAsync(string flag, string path, TrainingExampleRenderer renderer, CancellationToken cancellationToken)
    {
        TrainingRowSet rows;
        try
        {
            rows = await TrainingRowReader.ReadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InputFormatException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
        foreach (var problem in rows.Problems)
        {
            console.Error.WriteLine($"error: {problem.Message}");
        }
        if (rows.ProblemsLeftOff > 0)
        {
            console.Error.WriteLine($"error: {path}: {rows.ProblemsLeftOff} more bad rows");
        }
        if (!rows.IsValid)
        {
            return null;
        }
        if (rows.Rows.Count == 0)
        {
            console.Error.WriteLine($"error: {flag} {path}: no rows to train on");
            return null;
        }
        var examples = renderer.RenderAll(rows.Rows, cancellationToken);
        foreach (var tooLong in examples.TooLong)
        {
            console.Error.WriteLine($"error: {tooLong.Message}; raise --max-length, or leave the row out");
        }
        return examples.IsValid ? [.. examples.Examples.Select(e => new TokenizedExample([.. e.PromptIds], [.. e.TargetIds]))] : null;
    }
}
