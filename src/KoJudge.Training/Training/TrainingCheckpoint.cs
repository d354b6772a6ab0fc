using System.Globalization;
using System.Text.Json;
using KoJudge.Gguf.Safetensors;
using KoJudge.Training.Lora;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KoJudge.Training.Training;

/// <summary>
/// A checkpoint folder, <c>checkpoint-{step}</c> under the run's output as transformers names them: the LoRA weights as
/// a PEFT adapter (so a checkpoint is itself a usable adapter), AdamW's state in TorchSharp's own format, and
/// <c>state.json</c>.
/// </summary>
/// <remarks>
/// Each is written into a fresh <c>.partial</c> folder and renamed when whole, so a run killed while saving leaves
/// the previous checkpoint to resume from; older checkpoints are removed after the rename.
/// </remarks>
internal static class TrainingCheckpoint
{
    private const string Prefix = "checkpoint-";
    private const string OptimizerFileName = "optimizer.bin";
    private const string StateFileName = "state.json";

    public static string Save(string outputDirectory, CheckpointState state, IReadOnlyList<(string Name, LoraLinear Module)> adapters, LoraSettings settings, OptimizerHelper optimizer)
    {
        var final = Path.Combine(outputDirectory, Prefix + state.Step.ToString(CultureInfo.InvariantCulture));
        var partial = final + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
        Directory.CreateDirectory(partial);
        PeftAdapterWriter.Write(partial, adapters, settings);
        optimizer.save_state_dict(Path.Combine(partial, OptimizerFileName));
        File.WriteAllText(Path.Combine(partial, StateFileName), JsonSerializer.Serialize(state));
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }
        Directory.Move(partial, final);
        foreach (var (_, older) in List(outputDirectory).Where(c => c.Step != state.Step))
        {
            Directory.Delete(older, recursive: true);
        }
        return final;
    }

    /// <summary>The latest whole checkpoint under <paramref name="outputDirectory"/>, or null.</summary>
    public static string? Latest(string outputDirectory) =>
        List(outputDirectory).OrderByDescending(c => c.Step).Select(c => c.Directory).FirstOrDefault();

    /// <summary>The step of the latest whole checkpoint under <paramref name="outputDirectory"/>, or null.</summary>
    public static int? LatestStep(string outputDirectory) =>
        List(outputDirectory).Select(c => (int?)c.Step).Max();

    /// <summary>Puts the checkpoint's LoRA weights and optimizer state in place and returns its bookkeeping.</summary>
    public static CheckpointState Load(string directory, IReadOnlyList<(string Name, LoraLinear Module)> adapters, OptimizerHelper optimizer)
    {
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(directory, StateFileName)))
            ?? throw new InvalidDataException($"{directory}: {StateFileName} is empty.");
        using (var weights = SafetensorsFile.Open(Path.Combine(directory, PeftAdapterWriter.WeightsFileName)))
        using (no_grad())
        {
            foreach (var (name, module) in adapters)
            {
                foreach (var (suffix, parameter) in new[] { ("lora_A", module.A), ("lora_B", module.B) })
                {
                    var key = $"{PeftAdapterWriter.NamePrefix}{name}.{suffix}.weight";
                    if (!weights.Contains(key) || !weights[key].Shape.SequenceEqual(parameter.shape))
                    {
                        throw new InvalidDataException($"{directory}: the checkpoint has no {key} of shape [{string.Join(", ", parameter.shape)}]; it belongs to another LoRA shape.");
                    }
                    using var values = tensor(weights.ReadSingles(key), parameter.shape);
                    parameter.copy_(values);
                }
            }
        }
        optimizer.load_state_dict(Path.Combine(directory, OptimizerFileName));
        return state;
    }

    private static IEnumerable<(int Step, string Directory)> List(string outputDirectory)
    {
        if (!Directory.Exists(outputDirectory))
        {
            yield break;
        }
        foreach (var directory in Directory.EnumerateDirectories(outputDirectory, Prefix + "*"))
        {
            var name = Path.GetFileName(directory);
            if (int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step) && File.Exists(Path.Combine(directory, StateFileName)))
            {
                yield return (step, directory);
            }
        }
    }
}
