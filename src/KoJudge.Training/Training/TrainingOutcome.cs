using System.Text.Json.Serialization;

namespace KoJudge.Training.Training;

// A run summary written as JSON says "Completed" or "Cancelled", not 0 or 1.
[JsonConverter(typeof(JsonStringEnumConverter<TrainingOutcome>))]
public enum TrainingOutcome
{
    /// <summary>Every step ran and the adapter was written.</summary>
    Completed,

    /// <summary>Cancellation stopped the run after a step; a checkpoint of that step was written to resume from.</summary>
    Cancelled,
}
