using System.Text;
using KoJudge.Verdicts;

namespace KoJudge.Prompts;

/// <summary>
/// KoJudge's own relative-grading prompt, written for it in Korean: the task, the instruction, Response A, Response B,
/// the reference answer where there is one, the rubric, then the feedback the judge writes. The layout is Prometheus's
/// relative grading; the words are KoJudge's. How the verdict is written follows the format asked for.
/// The follow-up form (<c>multiTurn</c>) shows the first question and each side's own first answer before the
/// follow-up question, as a multi-turn pairwise judge must see them: the two follow-up answers each continue a
/// conversation of their own, and only the follow-up answers are judged.
/// </summary>
public static class RelativeGradingPrompt
{
    /// <summary>The template, with its slots, for <paramref name="format"/>.</summary>
    public static string Render(PairwiseVerdictFormat format, bool withReference, bool multiTurn = false)
    {
        var text = new StringBuilder();
        text.Append("###과제 설명:\n");
        if (multiTurn)
        {
            text.Append("사용자와 두 어시스턴트(A, B)가 각각 나눈 두 차례의 대화가 주어집니다. 먼저 첫 질문과 그에 대한 A와 B 각자의 첫 답변이, "
                + "이어서 지시문(후속 질문)과 그에 대한 두 응답(응답 A, 응답 B)이 나옵니다. ");
            text.Append(withReference ? "그 뒤에 만점을 받는 참고 답안과 평가 기준이 주어집니다.\n" : "그 뒤에 평가 기준이 주어집니다.\n");
            text.Append("평가할 것은 후속 질문에 대한 두 응답뿐입니다. 첫 답변은 각 응답이 이어 가는 대화의 맥락으로만 읽으십시오.\n");
        }
        else
        {
            text.Append(withReference
                ? "지시문 하나와 그에 대한 두 응답(응답 A, 응답 B), 만점을 받는 참고 답안, 그리고 평가 기준이 주어집니다.\n"
                : "지시문 하나와 그에 대한 두 응답(응답 A, 응답 B), 그리고 평가 기준이 주어집니다.\n");
        }
        text.Append("1. 평가 기준에 비추어 두 응답을 서로 견주는 피드백을 자세히 쓰십시오. 한 응답만 따로 평가하지 말고, 어느 점에서 어느 쪽이 나은지 밝히십시오.\n");
        text.Append("2. 응답이 놓인 순서나 길이가 판단을 좌우해서는 안 됩니다. 내용만 보고 판단하십시오.\n");
        text.Append(format switch
        {
            PairwiseVerdictFormat.Result =>
                "3. 피드백을 다 쓴 뒤 더 나은 응답을 A와 B 중 하나로 고르십시오. 비김은 없습니다.\n"
                + "4. 출력 형식은 \"Feedback: (두 응답을 견준 피드백) [RESULT] (A 또는 B)\" 입니다.\n",
            PairwiseVerdictFormat.Brackets =>
                "3. 피드백을 다 쓴 뒤 마지막 줄에 판정 하나만 쓰십시오: 응답 A가 나으면 [[A]], 응답 B가 나으면 [[B]], 우열을 가릴 수 없으면 [[C]].\n"
                + "4. 출력 형식은 \"Feedback: (두 응답을 견준 피드백)\" 다음 줄에 판정입니다.\n",
            PairwiseVerdictFormat.Arena =>
                "3. 피드백을 다 쓴 뒤 마지막 줄에 판정 하나만 쓰십시오: A가 훨씬 나으면 [[A>>B]], A가 조금 나으면 [[A>B]], 비슷하면 [[A=B]], "
                + "B가 조금 나으면 [[B>A]], B가 훨씬 나으면 [[B>>A]].\n"
                + "4. 출력 형식은 \"Feedback: (두 응답을 견준 피드백)\" 다음 줄에 판정입니다.\n",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown verdict format"),
        });
        text.Append("5. 인사말이나 맺음말, 그 밖의 설명은 덧붙이지 마십시오.\n\n");
        if (multiTurn)
        {
            text.Append("###첫 질문:\n{first_question}\n\n");
            text.Append("###A의 첫 답변:\n{first_answer_a}\n\n");
            text.Append("###B의 첫 답변:\n{first_answer_b}\n\n");
            text.Append("###지시문(후속 질문):\n{instruction}\n\n");
        }
        else
        {
            text.Append("###지시문:\n{instruction}\n\n");
        }
        text.Append("###응답 A:\n{response_a}\n\n");
        text.Append("###응답 B:\n{response_b}\n\n");
        if (withReference)
        {
            text.Append("###참고 답안:\n{reference}\n\n");
        }
        text.Append("###평가 기준:\n{rubric}\n\n");
        text.Append("###Feedback: ");
        return text.ToString();
    }
}
