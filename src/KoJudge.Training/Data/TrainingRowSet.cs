using KoJudge.Datasets;

namespace KoJudge.Training.Data;

/// <summary>
/// A training file read whole: its good rows and the problems of its bad ones, each with file, row and field.
/// <paramref name="ProblemsLeftOff"/> counts the bad rows past the problems kept.
/// </summary>
public sealed record TrainingRowSet(IReadOnlyList<TrainingRow> Rows, IReadOnlyList<InputFormatException> Problems, int ProblemsLeftOff)
{
    public bool IsValid => Problems.Count == 0;
}
