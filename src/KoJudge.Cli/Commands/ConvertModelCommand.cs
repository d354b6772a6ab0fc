using System.CommandLine;
using KoJudge.Cli.Help;
using System.Globalization;
using KoJudge.Cli.Output;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Gguf;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.LlamaCpp;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge convert model HF_DIR --output model.gguf</c>: a Hugging Face <c>LlamaForCausalLM</c> folder to a GGUF model,
/// quantised, when asked, by llama.cpp's own quantiser.
/// </summary>
public static class ConvertModelCommand
{
    private static readonly Dictionary<string, GgufTensorType> PlainTypes = new(StringComparer.Ordinal)
    {
        ["f32"] = GgufTensorType.F32,
        ["f16"] = GgufTensorType.F16,
        ["bf16"] = GgufTensorType.BF16,
    };

    public static Command Create(CliConsole console)
    {
        var folder = new Argument<DirectoryInfo>("HF_DIR")
        {
            Description = "A Hugging Face checkpoint folder: config.json, model.safetensors (or shards and model.safetensors.index.json), tokenizer.json, tokenizer_config.json.",
        };
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to write the model (.gguf), replacing any file there.",
            Required = true,
            HelpName = "model.gguf",
        };
        var type = new Option<string>("--type")
        {
            Description = "The type of the 2-D weights; norms stay F32. q8_0 and q4_k_m go through llama.cpp's quantiser.",
            DefaultValueFactory = _ => "f16",
        };
        type.AcceptOnlyFromAmong([.. PlainTypes.Keys, .. GgufQuantizer.Types.Keys]);
        var threads = new Option<int>("--threads") { Description = "Threads for quantising.", DefaultValueFactory = _ => Environment.ProcessorCount }.DefaultsTo("the CPU count").PlaceUnder(HelpGroups.Run);
        var command = new Command("model", "Convert a Hugging Face Llama checkpoint (LlamaForCausalLM, safetensors) to a GGUF model that the in-process engine loads.");
        command.Arguments.Add(folder);
        command.Options.Add(output);
        command.Options.Add(type);
        command.Options.Add(threads);
        command.SetAction(parse =>
        {
            var source = parse.GetValue(folder)!.FullName;
            var path = parse.GetValue(output)!.FullName;
            var typeName = parse.GetValue(type)!;
            if (!Directory.Exists(source))
            {
                console.Error.WriteLine($"error: HF_DIR {source}: no such folder.");
                return ExitCodes.BadInput;
            }
            if (!new OutputPathCheck(console).File("--output", path).Passed)
            {
                return ExitCodes.BadInput;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var quantised = !PlainTypes.TryGetValue(typeName, out var plain);
            // A quantised model is quantised from a plain one as wide as the checkpoint, written beside the output.
            var plainPath = quantised ? $"{path}.{Guid.NewGuid():N}.unquantised.gguf" : path;
            try
            {
                ModelConversionSummary summary;
                try
                {
                    summary = HuggingFaceLlamaConverter.Convert(source, plainPath, quantised ? WidestType(source) : plain, new ConversionProgressLines(console.Error));
                }
                catch (Exception e) when (e is InputFormatException or SafetensorsFormatException or InvalidDataException)
                {
                    console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
                if (quantised)
                {
                    console.Error.WriteLine($"quantising to {typeName} with llama.cpp");
                    GgufQuantizer.Quantize(plainPath, path, typeName, parse.GetValue(threads));
                }
                var size = new FileInfo(path).Length / (1024.0 * 1024);
                var details = string.Create(CultureInfo.InvariantCulture,
                    $"{typeName}, {size:0.#} MB, {summary.Parameters:N0} parameters, {summary.Layers} layers, {summary.VocabularyTokens:N0} tokens ({summary.PreTokenizer})");
                console.Error.WriteLine($"wrote {path}: {details}"
                    + (summary.PaddingTokens > 0 ? $" + {summary.PaddingTokens} padding" : "")
                    + (summary.WroteRopeFrequencies ? ", llama3 rope_freqs" : "")
                    + (summary.TiedOutput ? ", output tied to the embedding" : ""));
                return ExitCodes.Success;
            }
            finally
            {
                if (quantised)
                {
                    File.Delete(plainPath);
                }
            }
        });
        return command;
    }

    // F16 and BF16 checkpoints stay as they are on the way to the quantiser; anything with F32 weights goes as F32.
    private static GgufTensorType WidestType(string folder)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        var dtypes = checkpoint.Tensors.Where(t => t.Shape.Count > 1).Select(t => t.Dtype).Distinct().ToList();
        return dtypes switch
        {
            [SafetensorsDtype.F16] => GgufTensorType.F16,
            [SafetensorsDtype.BF16] => GgufTensorType.BF16,
            _ => GgufTensorType.F32,
        };
    }
}
