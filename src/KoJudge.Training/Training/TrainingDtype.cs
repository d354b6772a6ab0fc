namespace KoJudge.Training.Training;

/// <summary>
/// The dtype the frozen base weights and the forward pass run in. The LoRA weights, their gradients, AdamW's state and
/// the loss stay float32 either way.
/// </summary>
public enum TrainingDtype
{
    /// <summary>Everything in float32: exact, twice bf16's memory for the weights.</summary>
    F32,

    /// <summary>The base weights and activations in bfloat16, as an 8B is trained on one GPU.</summary>
    BF16,
}
