using System.Text;

namespace KoJudge.LogicKor;

/// <summary>
/// The user message LogicKor v2's GPT-4 judge reads: the instruction line, the question, its reference where there is
/// one, the model's response, and for the multi-turn judgment the follow-up question, its reference and response,
/// then the end marker. Only the layout is KoJudge's; the system prompt comes from the LogicKor folder.
/// </summary>
public static class LogicKorJudgeRequest
{
    public static string Build(LogicKorRecord record, LogicKorTurn turn)
    {
        ArgumentNullException.ThrowIfNull(record);
        var outputs = record.Outputs ?? throw new ArgumentException($"Question {record.Id} has no answers to judge.", nameof(record));
        var text = new StringBuilder()
            .Append("아래의 내용을 주어진 평가 기준들을 충실히 반영하여 평가해라. 특히 모델 답변이 언어 요구사항을 준수하는지 반드시 확인해야 한다.\n\n")
            .Append("**Question**\n").Append(record.Questions[0]);
        if (record.ReferenceOf(0) is { } reference)
        {
            text.Append("\n\n**Additional Reference**\n").Append(reference);
        }
        text.Append("\n\n**Model's Response**\n").Append(outputs[0]);
        if (turn == LogicKorTurn.MultiTurn)
        {
            if (record.Questions.Count < 2 || outputs.Count < 2)
            {
                throw new ArgumentException($"Question {record.Id} has no second turn to judge.", nameof(record));
            }
            text.Append("\n\n**Follow-up Question.**\n").Append(record.Questions[1]);
            if (record.ReferenceOf(1) is { } followUpReference)
            {
                text.Append("\n\n**Additional Reference**\n").Append(followUpReference);
            }
            text.Append("\n\n**Model's Response**\n").Append(outputs[1]);
        }
        return text.Append("\n\n[[대화 종료. 평가 시작.]]").ToString();
    }
}
