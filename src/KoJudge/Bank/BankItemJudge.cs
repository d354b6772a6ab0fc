using KoJudge.Judging;
using KoJudge.LogicKor;
using KoJudge.Runs;

namespace KoJudge.Bank;

/// <summary>
/// The bank judge for plain items (<c>kojudge judge --judge bank</c>): an item's response is scored from the judged
/// answers to the same instruction. The row's <c>expected_score</c> is the estimate on the gold's scale and
/// <c>score</c> that estimate rounded, since result rows hold whole scores; the feedback names the nearest judged
/// answers. An instruction the bank has never seen fails as unjudgeable, never with a guess.
/// </summary>
public sealed class BankItemJudge(BankJudge bank) : IItemJudge
{
    private const string Version = "kojudge-bank-v1";

    public ValueTask<JudgeResult> JudgeAsync(JudgeItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        cancellationToken.ThrowIfCancellationRequested();
        var estimate = bank.Bank.QuestionOf(item.Instruction) is { } question
            ? bank.Estimate(question, LogicKorTurn.SingleTurn, item.Response)
            : BankEstimate.Unjudgeable("the bank has no judged answers to this instruction (it matches instructions to the character)");
        var scale = bank.Bank.Scale;
        return ValueTask.FromResult(estimate.Score is { } score
            ? new JudgeResult
            {
                Id = item.Id,
                Category = item.Category,
                Score = (int)Math.Clamp(Math.Round(score, MidpointRounding.AwayFromZero), scale.Low, scale.High),
                ExpectedScore = Math.Round(score, 3),
                Feedback = estimate.Feedback(),
                Attempts = 1,
            }
            : new JudgeResult
            {
                Id = item.Id,
                Category = item.Category,
                Error = estimate.Error,
                ErrorKind = estimate.ErrorKind,
                Attempts = 1,
            });
    }

    /// <summary>The bank (by its fingerprint) and the two texts it reads: the rubric and reference play no part.</summary>
    public string RequestHashOf(JudgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return RequestFingerprint.HashOf([Version, bank.Bank.Fingerprint, item.Instruction, item.Response]);
    }
}
