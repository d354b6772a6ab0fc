namespace KoJudge.Bank;

/// <summary>
/// How alike one answer is to each answer of a slot, three ways: chrF with the answer as hypothesis (<see cref="Forward"/>)
/// and as reference (<see cref="Backward"/>), on 0–1, and the cosine of their character n-gram count vectors.
/// </summary>
internal sealed record SlotSimilarities(float[] Forward, float[] Backward, float[] Cosine);
