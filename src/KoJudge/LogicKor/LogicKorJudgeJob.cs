using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.LogicKor;

/// <summary>Judging LogicKor answers: a row fails where a turn it judges has no score.</summary>
public sealed class LogicKorJudgeJob(ILogicKorJudge judge, LogicKorJudgeSettings settings) : LogicKorJob
{
    protected override string SettingsText { get; } = settings.HashText;

    public override async ValueTask<LogicKorRecord> RunAsync(LogicKorWork input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The judge's name goes with its judgments: a 1-5 Prometheus score and a 0-10 one must not be ranked together.
        return (await judge.JudgeAsync(input.Record, cancellationToken).ConfigureAwait(false)) with { Judge = judge.Name };
    }

    public override RowOutcome OutcomeOf(LogicKorRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.SingleTurn is null)
        {
            // A row without its first turn's judgment was never judged.
            return RowOutcome.Failure(ErrorKind.NoVerdict);
        }
        var failedTurn = new[] { row.SingleTurn, row.MultiTurn }.FirstOrDefault(t => t is { Score: null });
        return failedTurn is null ? RowOutcome.Success : RowOutcome.Failure(failedTurn.ErrorKind ?? ErrorKind.NoVerdict);
    }
}
