using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KoJudge.Training.Lora;

/// <summary>
/// A frozen linear layer with PEFT's LoRA beside it: <c>y = W x + (alpha / r) · B(A(dropout(x)))</c>, where A
/// <c>[r, in]</c> starts Kaiming-uniform (a = √5, as PEFT's <c>reset_lora_parameters</c>) and B <c>[out, r]</c> starts at
/// zero, so a fresh adapter leaves the model's output as it was.
/// </summary>
/// <remarks>
/// Its submodules carry PEFT's names (<c>base_layer</c>, <c>lora_A</c>, <c>lora_B</c>, <c>lora_dropout</c>) without PEFT's
/// adapter-name level (<c>.default</c>), which PEFT also drops when it saves: <c>q_proj.lora_A.weight</c> is the name an
/// adapter file uses.
/// </remarks>
public sealed class LoraLinear : Module<Tensor, Tensor>
{
    [ComponentName(Name = "base_layer")]
    private readonly Linear baseLayer;
    [ComponentName(Name = "lora_dropout")]
    private readonly Module<Tensor, Tensor> dropout;
    [ComponentName(Name = "lora_A")]
    private readonly Linear a;
    [ComponentName(Name = "lora_B")]
    private readonly Linear b;

    public LoraLinear(Linear baseLayer, LoraSettings settings) : base(nameof(LoraLinear))
    {
        ArgumentNullException.ThrowIfNull(baseLayer);
        ArgumentNullException.ThrowIfNull(settings);
        this.baseLayer = baseLayer;
        Scaling = settings.Scaling;
        var (inputs, outputs) = (baseLayer.in_features, baseLayer.out_features);
        // float32 whatever the base's dtype, as PEFT keeps adapters (autocast_adapter_dtype): AdamW's small updates to a
        // bf16 weight would mostly round away, and the adapter is what is trained and saved.
        var device = baseLayer.weight!.device;
        dropout = settings.Dropout > 0 ? Dropout(settings.Dropout) : Identity();
        a = Linear(inputs, settings.Rank, hasBias: false, device: device, dtype: ScalarType.Float32);
        b = Linear(settings.Rank, outputs, hasBias: false, device: device, dtype: ScalarType.Float32);
        using (no_grad())
        {
            init.kaiming_uniform_(a.weight!, a: Math.Sqrt(5));
            init.zeros_(b.weight!);
        }
        RegisterComponents();
    }

    /// <summary>alpha / r, the factor on the low-rank update.</summary>
    public double Scaling { get; }

    /// <summary>The frozen layer LoRA adds to.</summary>
    public Linear BaseLayer => baseLayer;

    /// <summary>PEFT's <c>lora_A.weight</c>, <c>[r, in]</c>.</summary>
    public Parameter A => a.weight!;

    /// <summary>PEFT's <c>lora_B.weight</c>, <c>[out, r]</c>.</summary>
    public Parameter B => b.weight!;

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        // As PEFT: the update in the adapter's float32, added to the base's output, the sum cast back to the input's dtype.
        var update = b.call(a.call(dropout.call(input.to(ScalarType.Float32))));
        return (baseLayer.call(input) + (update * Scaling)).to(input.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Wraps the linear layer in <paramref name="slot"/>, registered in <paramref name="owner"/> as <paramref name="name"/>,
    /// and puts the wrapper in its place under the same name, so the base weight's name gains <c>.base_layer</c> as PEFT's does.
    /// </summary>
    internal static LoraLinear Replace(Module owner, string name, ref Module<Tensor, Tensor> slot, LoraSettings settings)
    {
        if (slot is not Linear linear)
        {
            throw new InvalidOperationException($"{name} is already wrapped ({slot.GetType().Name}); attach LoRA once.");
        }
        var wrapped = new LoraLinear(linear, settings);
        // TorchSharp refuses a name already registered; registering null first removes the old entry.
        owner.register_module(name, null!);
        owner.register_module(name, wrapped);
        slot = wrapped;
        return wrapped;
    }
}
