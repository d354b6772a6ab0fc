using System.CommandLine;
using System.Globalization;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.LlamaCpp;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge convert lora</c>: turns a PEFT LoRA adapter folder into a GGUF LoRA adapter that llama.cpp (and so
/// <c>--lora</c>) loads over the base model, checked against that base's shape.
/// </summary>
public static class ConvertLoraCommand
{
    public static Command Create(CliConsole console)
    {
        var peft = new Argument<string>("PEFT_DIR")
        {
            Description = "The PEFT adapter folder: adapter_config.json and adapter_model.safetensors.",
        };
        var baseModel = new Option<string>("--base")
        {
            HelpName = "HF_DIR|base.gguf",
            Description = "The base model the adapter was trained on, a Hugging Face folder with config.json or "
                + "its .gguf; its layer and head counts place and check every tensor.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            HelpName = "adapter.gguf",
            Description = "Where to write the GGUF adapter (.gguf), F32, replacing any file there.",
            Required = true,
        };
        var command = new Command(
            "lora",
            "Convert a PEFT LoRA adapter to a GGUF LoRA adapter that llama.cpp loads over the base model. DoRA, "
            + "modules_to_save, embedding LoRA and trained biases cannot be expressed and are refused.");
        command.Arguments.Add(peft);
        command.Options.Add(baseModel);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(peft)!;
            var basePath = parse.GetValue(baseModel)!;
            var outputPath = parse.GetValue(output)!;
            if (FolderProblem(directory) is { } problem)
            {
                console.Error.WriteLine($"error: PEFT_DIR {Shown(directory)}: {problem}.");
                return ExitCodes.BadInput;
            }
            if (!new OutputPathCheck(console).File("--output", outputPath).Passed)
            {
                return ExitCodes.BadInput;
            }
            try
            {
                if (BaseShape(basePath, console) is not { } shape)
                {
                    return ExitCodes.BadInput;
                }
                var fullOutput = Path.GetFullPath(outputPath);
                Directory.CreateDirectory(Path.GetDirectoryName(fullOutput)!);
                var summary = PeftLoraConverter.Convert(directory, shape, fullOutput, new ConversionProgressLines(console.Error));
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {fullOutput}: LoRA on {string.Join(", ", summary.Targets)} in {summary.Layers} layers, rank {string.Join("/", summary.Ranks)}, "
                    + $"alpha {summary.Alpha}, {summary.Tensors} F32 tensors{(summary.Rescaled > 0 ? $", {summary.Rescaled} lora_b rescaled for per-module alpha or rsLoRA" : "")}"));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is InputFormatException or SafetensorsFormatException or InvalidDataException)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>The base's shape from its config.json or its GGUF metadata, or null once the reason is on stderr.</summary>
    private static LlamaAttentionShape? BaseShape(string path, CliConsole console)
    {
        if (Directory.Exists(path))
        {
            return LlamaConfig.Read(Path.Combine(path, LlamaConfig.FileName)).AttentionShape;
        }
        if (InputPathCheck.GgufProblem(path) is { } problem)
        {
            console.Error.WriteLine($"error: --base {Shown(path)}: {(problem == "no such file" ? "no such file or folder" : problem)}.");
            return null;
        }
        var shape = GgufModelShape.Read(path);
        if (shape.Architecture != "llama")
        {
            console.Error.WriteLine($"error: --base {path}: a {shape.Architecture} model; LoRA adapters are converted for llama models.");
            return null;
        }
        return new LlamaAttentionShape(shape.Layers, shape.Heads, shape.KvHeads, shape.HeadDimension, shape.Embedding, shape.FeedForward);
    }

    private static string? FolderProblem(string path) =>
        string.IsNullOrWhiteSpace(path) ? "names no folder"
        : File.Exists(path) ? "is a file, not the adapter's folder"
        : !Directory.Exists(path) ? "no such folder"
        : null;

    private static string Shown(string path) => path.Length == 0 ? "''" : path;
}
