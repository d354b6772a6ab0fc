using KoJudge.Judging;
using KoJudge.LogicKor;

namespace KoJudge.TestSupport;

/// <summary>A made-up LogicKor row judged on both turns; a null score is a judgment that failed, as KoJudge records one.</summary>
internal static class JudgedRecord
{
    public static LogicKorRecord Of(int id, string category, double? single, double? multi) => new()
    {
        Id = id,
        Category = category,
        Questions = ["q1", "q2"],
        Outputs = ["a1", "a2"],
        References = [null, null],
        SingleTurn = Judgment(single),
        MultiTurn = Judgment(multi),
    };

    private static LogicKorTurnJudgment Judgment(double? score) =>
        score is null ? LogicKorTurnJudgment.Failed(ErrorKind.NoVerdict, "no score") : new LogicKorTurnJudgment("m", score);
}
