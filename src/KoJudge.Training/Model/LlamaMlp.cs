using KoJudge.Gguf.Conversion;
using KoJudge.Training.Lora;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KoJudge.Training.Model;

/// <summary>Llama's SwiGLU feed-forward block: <c>down_proj(silu(gate_proj(x)) * up_proj(x))</c>, with no biases.</summary>
public sealed class LlamaMlp : Module<Tensor, Tensor>, ILoraHost
{
    [ComponentName(Name = "gate_proj")]
    private Module<Tensor, Tensor> gate;
    [ComponentName(Name = "up_proj")]
    private Module<Tensor, Tensor> up;
    [ComponentName(Name = "down_proj")]
    private Module<Tensor, Tensor> down;

    public LlamaMlp(LlamaConfig config) : base(nameof(LlamaMlp))
    {
        ArgumentNullException.ThrowIfNull(config);
        gate = Linear(config.Hidden, config.Intermediate, hasBias: false);
        up = Linear(config.Hidden, config.Intermediate, hasBias: false);
        down = Linear(config.Intermediate, config.Hidden, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return down.call(functional.silu(gate.call(input)) * up.call(input)).MoveToOuterDisposeScope();
    }

    IEnumerable<string> ILoraHost.ProjectionNames => ["gate_proj", "up_proj", "down_proj"];

    LoraLinear ILoraHost.AttachLora(string name, LoraSettings settings) => name switch
    {
        "gate_proj" => LoraLinear.Replace(this, name, ref gate, settings),
        "up_proj" => LoraLinear.Replace(this, name, ref up, settings),
        "down_proj" => LoraLinear.Replace(this, name, ref down, settings),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "The MLP has gate_proj, up_proj and down_proj."),
    };
}
