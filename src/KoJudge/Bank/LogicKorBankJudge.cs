using KoJudge.Judging;
using KoJudge.LogicKor;

namespace KoJudge.Bank;

/// <summary>
/// The bank judge as a LogicKor judge: both turns, on LogicKor's 0–10 scale, each judge_message naming the nearest
/// judged answers. It reads a row's question id and answers only: a judgment the row already carries is dropped,
/// never copied or consulted. It needs no engine and its judgments are a pure function of the bank and the answers.
/// </summary>
public sealed class LogicKorBankJudge(BankJudge bank) : ILogicKorJudge
{
    public string Name => "bank";

    public ValueTask<LogicKorRecord> JudgeAsync(LogicKorRecord answers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        cancellationToken.ThrowIfCancellationRequested();
        var outputs = answers.Outputs ?? [];
        var single = outputs.Count > 0
            ? Judgment(bank.Estimate(answers.Id, LogicKorTurn.SingleTurn, outputs[0]))
            : LogicKorTurnJudgment.Failed(ErrorKind.Unjudgeable, "the row has no answer to judge");
        var multi = answers.Questions.Count > 1 && outputs.Count > 1
            ? Judgment(bank.Estimate(answers.Id, LogicKorTurn.MultiTurn, outputs[1], outputs[0]))
            : LogicKorTurnJudgment.Failed(ErrorKind.Unjudgeable, "the answer has no second turn");
        // A fresh row of the input's question and answers: nothing else it carries (judgments, errors) goes through.
        return ValueTask.FromResult(new LogicKorRecord
        {
            Id = answers.Id,
            Category = answers.Category,
            Questions = answers.Questions,
            Outputs = answers.Outputs,
            References = answers.References,
            SingleTurn = single,
            MultiTurn = multi,
        });
    }

    private static LogicKorTurnJudgment Judgment(BankEstimate estimate) =>
        estimate.Score is { } score
            ? new LogicKorTurnJudgment(estimate.Feedback(), Math.Round(score, 2))
            : LogicKorTurnJudgment.Failed(estimate.ErrorKind ?? ErrorKind.Unjudgeable, estimate.Error ?? "no estimate");
}
