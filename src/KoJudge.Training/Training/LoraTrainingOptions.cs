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
    }
}
