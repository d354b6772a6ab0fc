using System.Globalization;
using System.Text.RegularExpressions;
using KoJudge.Judging;

namespace KoJudge.LogicKor;

/// <summary>
/// Reads a LogicKor judge's reply, <c>평가: … 점수: n</c>, as LogicKor does (asterisks removed, the first <c>점수:</c>
/// number), with one difference: a reply without a score from 0 to 10 is a failure with its reason, never 0.
/// </summary>
public static partial class LogicKorVerdictParser
{
    public static LogicKorTurnJudgment Parse(string? reply)
    {
        var text = (reply ?? "").Replace("*", "", StringComparison.Ordinal);
        var message = Message().Match(text) is { Success: true } m ? m.Groups[1].Value.Trim() : text.Trim();
        var score = Score().Match(text);
        if (!score.Success)
        {
            return LogicKorTurnJudgment.Failed(ErrorKind.NoVerdict, string.IsNullOrWhiteSpace(text) ? "the reply is empty" : "no '점수: n' in the reply", message);
        }
        var value = double.Parse(score.Groups[1].Value, CultureInfo.InvariantCulture);
        return value is >= 0 and <= 10
            ? new LogicKorTurnJudgment(message, value)
            : LogicKorTurnJudgment.Failed(ErrorKind.NoVerdict, $"the score {score.Groups[1].Value} is outside 0 to 10", message);
    }

    [GeneratedRegex(@"평가:(.*?)점수:", RegexOptions.Singleline)]
    private static partial Regex Message();

    [GeneratedRegex(@"점수:\s*([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex Score();
}
