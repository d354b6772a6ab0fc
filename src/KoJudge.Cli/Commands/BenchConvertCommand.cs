using System.CommandLine;
using KoJudge.Cli.Help;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using KoJudge.Cli.Benchmarks;
using KoJudge.Cli.Paths;
using KoJudge.Datasets;
using KoJudge.Gguf;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge bench-convert</c>: generates a Hugging Face checkpoint of a given size, converts it as <c>convert model</c>
/// does, and prints JSON with the conversion's time and peak resident memory beside the checkpoint's size.
/// </summary>
public static class BenchConvertCommand
{
    public static Command Create(CliConsole console)
    {
        var work = new Option<DirectoryInfo?>("--work")
        {
            Description = "A folder in which to make a scratch folder for the checkpoint and the model, deleted after.",
        }.DefaultsTo("the system's temporary folder");
        var layers = new Option<int>("--layers") { Description = "Layers of the generated checkpoint: 12 make 1.3 GB in BF16.", DefaultValueFactory = _ => 12 };
        var hidden = new Option<int>("--hidden") { Description = "Its hidden size, a multiple of 128; the MLP is 2.75 times as wide.", DefaultValueFactory = _ => 2048 };
        var type = new Option<string>("--type") { Description = "The output's type.", DefaultValueFactory = _ => "f16" };
        type.AcceptOnlyFromAmong("f32", "f16", "bf16");
        var command = new Command(
            "bench-convert",
            "Measure convert model's peak memory: generate a BF16 Llama checkpoint in 4 shards (GQA 16/4 heads, vocabulary 32,000), "
            + "convert it, and print JSON with the checkpoint's bytes, the conversion's seconds and its peak resident bytes.");
        foreach (var option in new Option[] { work, layers, hidden, type })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var root = Path.Combine(parse.GetValue(work)?.FullName ?? Path.GetTempPath(), $"kojudge-bench-convert-{Guid.NewGuid():N}");
            var width = parse.GetValue(hidden);
            if (width <= 0 || width % 128 != 0 || parse.GetValue(layers) <= 0)
            {
                console.Error.WriteLine($"error: --hidden must be a positive multiple of 128 and --layers positive, not {width} and {parse.GetValue(layers)}.");
                return ExitCodes.BadInput;
            }
            if (!new OutputPathCheck(console).Folder("--work", Path.GetDirectoryName(root)).Passed)
            {
                return ExitCodes.BadInput;
            }
            var spec = new HuggingFaceLlamaSpec(
                Layers: parse.GetValue(layers), Hidden: width, Intermediate: width * 11 / 4, Heads: 16, KvHeads: 4, Vocab: 32_000,
                TieWordEmbeddings: false, Seed: 20240708, Dtype: SafetensorsDtype.BF16, MaxPositionEmbeddings: 8192,
                RopeScaling: HuggingFaceLlamaSpec.Tiny.RopeScaling);
            var checkpoint = Path.Combine(root, "hf");
            var output = Path.Combine(root, "model.gguf");
            try
            {
                console.Error.WriteLine($"generating a {spec.Layers}-layer BF16 checkpoint in {checkpoint}");
                var clock = Stopwatch.StartNew();
                var files = HuggingFaceCheckpointWriter.Write(checkpoint, spec, shards: 4);
                var generated = clock.Elapsed.TotalSeconds;
                var checkpointBytes = files.Sum(f => new FileInfo(f).Length);
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var reset = PeakMemory.Reset();
                var before = PeakMemory.Read();
                console.Error.WriteLine($"converting {checkpointBytes / (1024.0 * 1024 * 1024):0.00} GB");
                clock.Restart();
                var summary = HuggingFaceLlamaConverter.Convert(checkpoint, output, parse.GetValue(type) switch
                {
                    "f32" => GgufTensorType.F32,
                    "bf16" => GgufTensorType.BF16,
                    _ => GgufTensorType.F16,
                });
                var converted = clock.Elapsed.TotalSeconds;
                var after = PeakMemory.Read();
                var peak = reset ? after?.Peak : null;
                var report = new ConvertBenchReport(
                    spec.Layers, summary.Parameters, checkpointBytes, new FileInfo(output).Length, summary.Type.ToString(),
                    Math.Round(generated, 3), Math.Round(converted, 3), before?.Resident, peak,
                    peak is { } p ? Math.Round((double)p / checkpointBytes, 4) : null,
                    reset ? "VmHWM after clear_refs" : "unavailable on this system", Environment.ProcessorCount);
                console.Out.WriteLine(JsonSerializer.Serialize(report, KoJudgeJson.Indented));
                return ExitCodes.Success;
            }
            finally
            {
                // Only the scratch folder this run made, never the folder the user named.
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    /// <summary>What <c>bench-convert</c> prints; <c>peak_over_checkpoint</c> is the peak resident bytes over the checkpoint's.</summary>
    internal sealed record ConvertBenchReport(
        [property: JsonPropertyName("layers")] int Layers,
        [property: JsonPropertyName("parameters")] long Parameters,
        [property: JsonPropertyName("checkpoint_bytes")] long CheckpointBytes,
        [property: JsonPropertyName("output_bytes")] long OutputBytes,
        [property: JsonPropertyName("output_type")] string OutputType,
        [property: JsonPropertyName("generate_s")] double GenerateSeconds,
        [property: JsonPropertyName("convert_s")] double ConvertSeconds,
        [property: JsonPropertyName("resident_before_bytes")] long? ResidentBeforeBytes,
        [property: JsonPropertyName("peak_resident_bytes")] long? PeakResidentBytes,
        [property: JsonPropertyName("peak_over_checkpoint")] double? PeakOverCheckpoint,
        [property: JsonPropertyName("peak_measured_by")] string PeakMeasuredBy,
        [property: JsonPropertyName("cores")] int Cores);
}
