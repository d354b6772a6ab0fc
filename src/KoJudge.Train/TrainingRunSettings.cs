using KoJudge.Training.Training;

namespace KoJudge.Train;

/// <summary>What one kojudge-train run reads and writes, bound from its flags, with the trainer's options.</summary>
internal sealed record TrainingRunSettings(
    string BaseDirectory,
    string DataPath,
    string? EvalPath,
    string OutputDirectory,
    string? JsonPath,
    LoraTrainingOptions Options);
