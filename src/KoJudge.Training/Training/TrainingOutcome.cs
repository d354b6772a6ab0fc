namespace KoJudge.Training.Training;

public enum TrainingOutcome
{
    /// <summary>Every step ran and the adapter was written.</summary>
    Completed,

    /// <summary>Cancellation stopped the run after a step; a checkpoint of that step was written to resume from.</summary>
    Cancelled,
}
