using KoJudge.Training.Lora;

namespace KoJudge.Training.Training;

/// <summary>
/// How a LoRA run trains, with issue 14's defaults: rank 16, alpha 32, dropout 0.05 on all seven projections, one
/// epoch at lr 2e-4 with 3% warm-up, batch 1 with 16 accumulated, sequences up to 4096 tokens, seed 0.
/// </summary>
public sealed record LoraTrainingOptions
{
    public LoraSettings Lora { get; init; } = new(rank: 16, alpha: 32, dropout: 0.05, LoraSettings.AllProjections);

    public int Epochs { get; init; } = 1;

    public double LearningRate { get; init; } = 2e-4;

    /// <summary>The share of all optimizer steps spent warming up, rounded up to whole steps as transformers does.</summary>
    public double WarmupRatio { get; init; } = 0.03;

    /// <summary>Examples per forward pass, padded to the longest of them.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Forward passes whose gradients add up to one optimizer step.</summary>
    public int GradientAccumulation { get; init; } = 16;

    /// <summary>The longest prompt plus target a run accepts; a longer example is refused before training starts.</summary>
    public int MaxLength { get; init; } = 4096;

    public int Seed { get; init; }

    /// <summary>AdamW's decoupled weight decay; 0 as in transformers' TrainingArguments.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The global gradient norm is clipped to this before each step (transformers' default 1); null for none.</summary>
    public double? MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Optimizer steps between checkpoints; null for none but the one a cancellation writes.</summary>
    public int? CheckpointInterval { get; init; } = 100;

    /// <summary>Optimizer steps between evaluations of the held-out set (which also runs at the end); null for the end only.</summary>
    public int? EvaluationInterval { get; init; }

    /// <summary>Examples per forward pass when evaluating, where no gradients are kept.</summary>
    public int EvaluationBatchSize { get; init; } = 8;

    /// <summary>
    /// Recompute each decoder layer's activations in the backward pass instead of keeping them: memory for one input per
    /// layer rather than all its activations, for about a third more compute. The gradients are the same.
    /// </summary>
    public bool GradientCheckpointing { get; init; }

    /// <summary>The dtype of the frozen base weights and the forward pass; the LoRA weights, AdamW's state and the loss stay float32.</summary>
    public TrainingDtype Dtype { get; init; } = TrainingDtype.F32;

    /// <summary><c>cpu</c> or <c>cuda</c>: where the model and every tensor of the run are placed.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Recorded in the adapter's <c>base_model_name_or_path</c>.</summary>
    public string? BaseModelName { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Lora);
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        if (WarmupRatio is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupRatio), WarmupRatio, "The warm-up is a share of the steps, in [0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(GradientAccumulation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
        if (MaxGradientNorm is { } norm)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(norm, nameof(MaxGradientNorm));
        }
        if (CheckpointInterval is { } checkpoints)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(checkpoints, 1, nameof(CheckpointInterval));
        }
        if (EvaluationInterval is { } evaluations)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(evaluations, 1, nameof(EvaluationInterval));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(EvaluationBatchSize, 1);
        if (!Enum.IsDefined(Dtype))
        {
            throw new ArgumentOutOfRangeException(nameof(Dtype), Dtype, "The dtype is F32 or BF16.");
        }
        if (Device is not ("cpu" or "cuda"))
        {
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "The device is cpu or cuda.");
        }
    }

    /// <summary>libtorch's device for <see cref="Device"/>.</summary>
    /// <exception cref="TrainingDeviceUnavailableException">CUDA is asked for and libtorch has none here.</exception>
    internal TorchSharp.torch.Device TorchDevice()
    {
        if (Device == "cuda" && !TorchSharp.torch.cuda.is_available())
        {
            throw new TrainingDeviceUnavailableException(Device, "CUDA is not available (torch.cuda.is_available() is false; this build carries libtorch's CPU package, or there is no GPU)");
        }
        return new TorchSharp.torch.Device(Device);
    }

    internal TorchSharp.torch.ScalarType TorchDtype() => Dtype == TrainingDtype.BF16 ? TorchSharp.torch.ScalarType.BFloat16 : TorchSharp.torch.ScalarType.Float32;
}
