namespace KoJudge.Judging;

/// <summary>
/// A judge of plain items, whatever it runs on: a result row for each item, with a score or the reason there is none,
/// and the hash of everything that decides that row, so a rerun keeps what is still current.
/// </summary>
public interface IItemJudge
{
    ValueTask<JudgeResult> JudgeAsync(JudgeItem item, CancellationToken cancellationToken = default);

    string RequestHashOf(JudgeItem item);
}
