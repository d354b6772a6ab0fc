using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.LogicKor;

/// <summary>Answering LogicKor's questions: a row fails where its answers could not be generated.</summary>
public sealed class LogicKorGenerateJob(LogicKorAnswerGenerator generator, LogicKorGenerateSettings settings) : LogicKorJob
{
    protected override string SettingsText { get; } = settings.HashText;

    public override ValueTask<LogicKorRecord> RunAsync(LogicKorWork input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return generator.GenerateAsync(input.Record, cancellationToken);
    }

    public override RowOutcome OutcomeOf(LogicKorRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Error is null ? RowOutcome.Success : RowOutcome.Failure(row.ErrorKind ?? ErrorKind.EngineError);
    }
}
