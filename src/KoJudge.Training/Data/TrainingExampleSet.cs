namespace KoJudge.Training.Data;

/// <summary>Rows rendered to examples, and the rows too long to train on, each reported with its origin.</summary>
public sealed record TrainingExampleSet(IReadOnlyList<TrainingExample> Examples, IReadOnlyList<ExampleTooLongException> TooLong)
{
    public bool IsValid => TooLong.Count == 0;
}
