namespace KoJudge.Bank;

/// <summary>
/// The bank judge's honest self-measurement: each model's answers are judged by a bank judge built without that model,
/// without its answers under every strategy (one model's default, 1-shot and cot-1-shot answers are near-copies) and
/// without its aliases (<see cref="ModelAliases"/>). The model is fitted anew on what is left each time; nothing of
/// the held-out model reaches the features, the neighbours or the fit.
/// </summary>
public static class LeaveOneModelOut
{
    /// <summary>Judges every gold-scored answer of <paramref name="strategy"/> (all when null), both turns, each with its model held out.</summary>
    public static IReadOnlyList<HeldOutEstimate> Evaluate(JudgmentBank bank, ModelAliases aliases, string? strategy, BankJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(aliases);
        options ??= new BankJudgeOptions();
        var index = new BankIndex(bank, aliases);
        var estimates = new List<HeldOutEstimate>();
        for (var group = 0; group < aliases.Groups.Count; group++)
        {
            var heldOut = group;
            var judged = index.MemberFeatures(heldOut, a => aliases.GroupOf(a.Model) == heldOut && (strategy is null || a.Strategy == strategy))
                .Where(f => f.Key.Gold is not null)
                .ToList();
            if (judged.Count == 0)
            {
                continue;
            }
            var judge = BankJudge.Create(index, heldOut, options);
            var rows = judged.OrderBy(j => j.Key.QuestionId).ThenBy(j => j.Key.Turn).ThenBy(j => j.Key.Model, StringComparer.Ordinal).ThenBy(j => j.Key.Strategy, StringComparer.Ordinal).ToList();
            var scores = judge.Score(rows.Select(r => r.Value).ToList());
            estimates.AddRange(rows.Select((r, i) => new HeldOutEstimate(r.Key, scores[i])));
        }
        return estimates;
    }
}
