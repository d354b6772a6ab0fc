using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.Training.Lora;

/// <summary>
/// Writes attached LoRA weights as a PEFT adapter folder that PEFT's <c>PeftModel.from_pretrained</c> and vLLM's
/// <c>--lora-modules</c> read as they are: <c>adapter_config.json</c> and <c>adapter_model.safetensors</c> with PEFT's
/// saved names, <c>base_model.model.{module}.lora_A.weight</c> <c>[r, in]</c> and <c>….lora_B.weight</c> <c>[out, r]</c>.
/// </summary>
/// <remarks>
/// Written with KoJudge's own safetensors writer (which adds PEFT's <c>{"format": "pt"}</c> metadata), since PEFT's
/// layout is a naming rule over plain safetensors and no .NET library writes it.
/// </remarks>
public static class PeftAdapterWriter
{
    public const string ConfigFileName = PeftAdapterConfig.FileName;
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>PEFT's prefix for a causal LM's modules: <c>PeftModel.base_model</c> (the LoRA model) then its <c>model</c>.</summary>
    public const string NamePrefix = "base_model.model.";

    /// <summary>
    /// Writes <paramref name="adapters"/> (as <see cref="Model.LlamaForCausalLM.AttachLora"/> returns them) into
    /// <paramref name="directory"/>, creating it; <paramref name="baseModel"/> is recorded as <c>base_model_name_or_path</c>.
    /// </summary>
    public static void Write(string directory, IReadOnlyList<(string Name, LoraLinear Module)> adapters, LoraSettings settings, string? baseModel = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(settings);
        if (adapters.Count == 0)
        {
            throw new ArgumentException("There are no LoRA weights to write.", nameof(adapters));
        }
        Directory.CreateDirectory(directory);
        var weights = new SafetensorsWriter();
        foreach (var (name, module) in adapters)
        {
            weights.Add($"{NamePrefix}{name}.lora_A.weight", SafetensorsDtype.F32, module.A.shape, module.A.detach().cpu().data<float>().ToArray());
            weights.Add($"{NamePrefix}{name}.lora_B.weight", SafetensorsDtype.F32, module.B.shape, module.B.detach().cpu().data<float>().ToArray());
        }
        weights.Write(Path.Combine(directory, WeightsFileName));
        PeftAdapterConfigWriter.Write(Path.Combine(directory, ConfigFileName), settings.Rank, settings.Alpha, settings.Dropout, settings.Targets, baseModel);
    }
}
