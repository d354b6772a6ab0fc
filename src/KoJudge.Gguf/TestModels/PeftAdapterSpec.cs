using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.TestModels;

/// <summary>
/// A generated PEFT LoRA adapter: rank <paramref name="Rank"/> and <c>lora_alpha</c> <paramref name="Alpha"/> on
/// <paramref name="TargetModules"/> (all seven projections of each layer when null), with optional per-module ranks and
/// alphas keyed as PEFT keys them (a module name or a dotted tail of one), rsLoRA, the weights' dtype, and an adapter
/// name kept in the tensor names (<c>lora_A.default.weight</c>) where <paramref name="AdapterName"/> is set. B is drawn at
/// <paramref name="BScale"/>/√rank; 0 gives the all-zero B that PEFT starts from, which changes nothing.
/// </summary>
public sealed record PeftAdapterSpec(
    int Rank = 8,
    double Alpha = 16,
    IReadOnlyList<string>? TargetModules = null,
    IReadOnlyDictionary<string, int>? RankPattern = null,
    IReadOnlyDictionary<string, double>? AlphaPattern = null,
    bool UseRslora = false,
    ulong Seed = 20240709,
    SafetensorsDtype Dtype = SafetensorsDtype.F32,
    string? AdapterName = null,
    float BScale = 0.5f)
{
    /// <summary>Rank 8, alpha 16 on q, k, v, o, gate, up and down: what a full fine-tune-like PEFT run saves.</summary>
    public static PeftAdapterSpec Default { get; } = new();

    public static IReadOnlyList<string> AllProjections { get; } = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    public IReadOnlyList<string> Targets => TargetModules ?? AllProjections;
}
