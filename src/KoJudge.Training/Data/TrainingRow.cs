using KoJudge.Judging;

namespace KoJudge.Training.Data;

/// <summary>One checked training row: the item as the judge would see it, and the labelled feedback and score (1 to 5).</summary>
public sealed record TrainingRow(JudgeItem Item, string Feedback, int Score, RowOrigin Origin);
