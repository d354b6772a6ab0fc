using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.LogicKor;

public sealed class LogicKorJudgeRequestTests
{
    private static LogicKorRecord Answer(int id) =>
        LogicKorReader.Read(SharedData.PathOf("data", "logickor", "v2", "evaluated", "openai", "gpt-4o-2024-05-13", "default.jsonl")).Single(r => r.Id == id);

    [Fact]
    public void Single_turn_with_a_reference_is_laid_out_as_SOURCE_md_describes()
    {
        // Question 12 has references for both turns.
        var answer = Answer(12);

        var request = LogicKorJudgeRequest.Build(answer, LogicKorTurn.SingleTurn);

        Assert.Equal(
            "아래의 내용을 주어진 평가 기준들을 충실히 반영하여 평가해라. 특히 모델 답변이 언어 요구사항을 준수하는지 반드시 확인해야 한다.\n\n"
            + "**Question**\n" + answer.Questions[0]
            + "\n\n**Additional Reference**\n" + answer.References[0]
            + "\n\n**Model's Response**\n" + answer.Outputs![0]
            + "\n\n[[대화 종료. 평가 시작.]]",
            request);
    }

    [Fact]
    public void Multi_turn_appends_the_follow_up_with_its_reference_and_response()
    {
        var answer = Answer(12);

        var request = LogicKorJudgeRequest.Build(answer, LogicKorTurn.MultiTurn);

        Assert.Equal(
            "아래의 내용을 주어진 평가 기준들을 충실히 반영하여 평가해라. 특히 모델 답변이 언어 요구사항을 준수하는지 반드시 확인해야 한다.\n\n"
            + "**Question**\n" + answer.Questions[0]
            + "\n\n**Additional Reference**\n" + answer.References[0]
            + "\n\n**Model's Response**\n" + answer.Outputs![0]
            + "\n\n**Follow-up Question.**\n" + answer.Questions[1]
            + "\n\n**Additional Reference**\n" + answer.References[1]
            + "\n\n**Model's Response**\n" + answer.Outputs[1]
            + "\n\n[[대화 종료. 평가 시작.]]",
            request);
    }

    [Fact]
    public void A_question_without_a_reference_has_no_reference_section()
    {
        // Question 15 (writing) has no references.
        var answer = Answer(15);

        var request = LogicKorJudgeRequest.Build(answer, LogicKorTurn.MultiTurn);

        Assert.DoesNotContain("**Additional Reference**", request, StringComparison.Ordinal);
        Assert.Contains("**Question**\n" + answer.Questions[0] + "\n\n**Model's Response**\n" + answer.Outputs![0] + "\n\n**Follow-up Question.**\n", request, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("평가: 정확하다.\n점수: 8", 8.0, "정확하다.")]
    [InlineData("**평가:** 좋다.\n**점수:** 7", 7.0, "좋다.")]
    [InlineData("평가: 좋다.\n점수: 8.5", 8.5, "좋다.")]
    [InlineData("평가: 영어로 답했다.\n점수: 0", 0.0, "영어로 답했다.")]
    [InlineData("점수:10", 10.0, "점수:10")]
    public void Reads_LogicKor_scores(string reply, double score, string message)
    {
        var judgment = LogicKorVerdictParser.Parse(reply);

        Assert.Equal(score, judgment.Score);
        Assert.Equal(message, judgment.Message);
        Assert.Null(judgment.Error);
    }

    [Theory]
    [InlineData("평가: 점수를 매기지 않음.", "no '점수: n' in the reply")]
    [InlineData("평가: 좋다.\n점수: 15", "the score 15 is outside 0 to 10")]
    [InlineData("", "the reply is empty")]
    [InlineData("평가: 좋다.\n점수: 열", "no '점수: n' in the reply")]
    public void A_reply_without_a_score_fails_with_its_reason_and_is_never_0(string reply, string reason)
    {
        var judgment = LogicKorVerdictParser.Parse(reply);

        Assert.Null(judgment.Score);
        Assert.Equal(reason, judgment.Error);
    }
}
