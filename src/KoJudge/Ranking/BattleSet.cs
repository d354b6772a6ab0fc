namespace KoJudge.Ranking;

/// <summary>
/// What a file of pairwise verdicts holds for ranking: the battles (rows with a verdict) and, per model, the rows
/// without one, which are counted as failed and never taken as a battle.
/// </summary>
public sealed record BattleSet(IReadOnlyList<Battle> Battles, IReadOnlyDictionary<string, int> FailedByModel, int FailedRows)
{
    public static BattleSet Of(IEnumerable<Battle> battles) => new(battles.ToList(), new Dictionary<string, int>(StringComparer.Ordinal), 0);
}
