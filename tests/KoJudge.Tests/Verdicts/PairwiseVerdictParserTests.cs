using KoJudge.Verdicts;

namespace KoJudge.Tests.Verdicts;

public sealed class PairwiseVerdictParserTests
{
    private const PairwiseVerdictFormat Result = PairwiseVerdictFormat.Result;
    private const PairwiseVerdictFormat Brackets = PairwiseVerdictFormat.Brackets;
    private const PairwiseVerdictFormat Arena = PairwiseVerdictFormat.Arena;

    [Theory]
    // Prometheus's relative grading, and the ways judges vary it.
    [InlineData(Result, "Feedback: 응답 A가 더 정확합니다. [RESULT] A", PairwiseWinner.A)]
    [InlineData(Result, "Feedback: 응답 B가 더 정확합니다. [RESULT] B", PairwiseWinner.B)]
    [InlineData(Result, "B가 낫다. [result] b", PairwiseWinner.B)]
    [InlineData(Result, "A가 낫다. [Result]A", PairwiseWinner.A)]
    [InlineData(Result, "A가 낫다. **[RESULT]** **A**", PairwiseWinner.A)]
    [InlineData(Result, "A가 낫다. **[RESULT] A**", PairwiseWinner.A)]
    [InlineData(Result, "A가 낫다. [RESULT]: (A)", PairwiseWinner.A)]
    [InlineData(Result, "B가 낫다. [RESULT] [B].", PairwiseWinner.B)]
    [InlineData(Result, "B가 낫다. [RESULT] Response B", PairwiseWinner.B)]
    [InlineData(Result, "B가 낫다. [RESULT] 응답 B", PairwiseWinner.B)]
    [InlineData(Result, "B가 낫다.\n\n[결과] B<|eot_id|>", PairwiseWinner.B)]
    [InlineData(Result, "B가 낫다.\nRESULT: B\n", PairwiseWinner.B)]
    [InlineData(Result, "A가 낫다. [RESULT] \"A\"", PairwiseWinner.A)]
    // The last marker wins: an echoed template before the real verdict, a judge that changed its mind.
    [InlineData(Result, "Feedback: (write a feedback for criteria) [RESULT] (Either \"A\" or \"B\")\nFeedback: B가 낫다. [RESULT] B", PairwiseWinner.B)]
    [InlineData(Result, "처음엔 [RESULT] A 라고 봤지만 다시 보니 [RESULT] B", PairwiseWinner.B)]
    // MT-Bench's and KUDGE's brackets.
    [InlineData(Brackets, "어시스턴트 A가 더 낫습니다.\n\n[[A]]", PairwiseWinner.A)]
    [InlineData(Brackets, "[[B]]", PairwiseWinner.B)]
    [InlineData(Brackets, "둘 다 같다. [[C]]", PairwiseWinner.Tie)]
    [InlineData(Brackets, "**[[b]]**", PairwiseWinner.B)]
    [InlineData(Brackets, "최종 판정: `[[A]]`", PairwiseWinner.A)]
    [InlineData(Brackets, "[[ A ]]", PairwiseWinner.A)]
    [InlineData(Brackets, "[[A]] 라고 하려다 다시 보니 [[B]]", PairwiseWinner.B)]
    // Text may follow the marker, as KUDGE's and Arena-Hard's readers allow (KUDGE recorded B for these).
    [InlineData(Brackets, "[[A]]\n[[B]]\n\nBoth are equally valid.", PairwiseWinner.B)]
    [InlineData(Brackets, "[[A]] or [[B]] (Unable to determine as the responses are identical)", PairwiseWinner.B)]
    // A menu of the format's markers, then the real verdict after it.
    [InlineData(Brackets, "형식: \"[[A]]\" if A is better, \"[[B]]\" if B is better.\n\n판정: [[A]]", PairwiseWinner.A)]
    public void Reads_the_winner(PairwiseVerdictFormat format, string reply, PairwiseWinner expected)
    {
        var verdict = PairwiseVerdictParser.Parse(reply, format);

        Assert.True(verdict.Error is null, verdict.Error);
        Assert.Equal(expected, verdict.Winner);
        Assert.True(verdict.HasVerdict);
        Assert.Null(verdict.Margin);
    }

    [Theory]
    [InlineData("My final verdict is: [[A>>B]]", PairwiseWinner.A, 2)]
    [InlineData("[[A>B]]", PairwiseWinner.A, 1)]
    [InlineData("[[A=B]]", PairwiseWinner.Tie, 0)]
    [InlineData("[[B>A]]", PairwiseWinner.B, 1)]
    [InlineData("[[B>>A]]", PairwiseWinner.B, 2)]
    [InlineData("**[[ b >> a ]]**", PairwiseWinner.B, 2)]
    [InlineData("[[B<A]]", PairwiseWinner.A, 1)]
    [InlineData("[[A<<B]]", PairwiseWinner.B, 2)]
    [InlineData("[[B=A]]", PairwiseWinner.Tie, 0)]
    [InlineData("처음엔 [[A>B]], 다시 보니 [[B>A]]. 이상입니다.", PairwiseWinner.B, 1)]
    public void Reads_the_winner_and_margin_of_an_arena_verdict(string reply, PairwiseWinner expected, int margin)
    {
        var verdict = PairwiseVerdictParser.Parse(reply, Arena);

        Assert.True(verdict.Error is null, verdict.Error);
        Assert.Equal(expected, verdict.Winner);
        Assert.Equal(margin, verdict.Margin);
    }

    [Theory]
    [InlineData(Result, "", "the reply is empty")]
    [InlineData(Result, "   \n ", "the reply is empty")]
    [InlineData(Result, "응답 A가 더 좋습니다.", "no verdict marker")]
    [InlineData(Result, "응답 A와 응답 B 모두 훌륭합니다.", "speaks of both A and B")]
    [InlineData(Brackets, "Assistant A is clear, and B is thorough.", "speaks of both A and B")]
    [InlineData(Result, "Feedback: (write a feedback for criteria) [RESULT] (Either \"A\" or \"B\")", "placeholder")]
    [InlineData(Result, "좋다. [RESULT] (either A or B)", "placeholder")]
    [InlineData(Result, "Feedback: (두 응답을 견준 피드백) [RESULT] (A 또는 B)", "placeholder '(A 또는 B)'")]
    [InlineData(Result, "좋다. [RESULT] A or B", "names both responses")]
    [InlineData(Result, "좋다. [RESULT] A/B", "names both responses")]
    [InlineData(Result, "좋다. [RESULT] A, B", "names both responses")]
    [InlineData(Result, "좋다. [RESULT] A 또는 B", "names both responses")]
    [InlineData(Result, "좋다. [RESULT] C", "is a tie, which the result format does not have")]
    [InlineData(Result, "좋다. [RESULT] tie", "is a tie, which the result format does not have")]
    [InlineData(Result, "좋다. [RESULT] 무승부", "is a tie, which the result format does not have")]
    [InlineData(Result, "좋다. [RESULT] 4", "not A or B")]
    [InlineData(Result, "좋다. [RESULT]", "is not followed by A or B")]
    [InlineData(Result, "좋다. [RESULT] **", "is not followed by A or B")]
    [InlineData(Result, "좋다. [RESULT] Apple", "not A or B")]
    [InlineData(Result, "좋다. [RESULT] A because it is clearer", "not a clean verdict")]
    [InlineData(Result, "좋다. [RESULT] A가 낫다", "not a clean verdict")]
    // A verdict that was given, then taken back by a last marker without one.
    [InlineData(Result, "[RESULT] A ... 아니, 다시 생각해 보니 [RESULT]", "is not followed by A or B")]
    [InlineData(Brackets, "[[D]]", "is none of [[A]], [[B]] or [[C]]")]
    [InlineData(Brackets, "[[]]", "is none of")]
    [InlineData(Brackets, "[[A]] 이라고 생각했지만 [[대화 종료]]", "is none of")]
    [InlineData(Brackets, "[[A>B]]", "is another format's")]
    [InlineData(Arena, "[[A]]", "is another format's")]
    [InlineData(Arena, "[[A>>>B]]", "is none of")]
    [InlineData(Arena, "[[A>A]]", "is none of")]
    [InlineData(Arena, "A가 조금 낫다: A>B", "no verdict marker")]
    // The template's menu repeated as the reply's end: the last marker is quoted, with what it would mean.
    [InlineData(Brackets, "Output your final verdict: \"[[A]]\" if assistant A is better, \"[[B]]\" if assistant B is better, and \"[[C]]\" for a tie.", "quotes the format's choices")]
    [InlineData(Brackets, "\"[[A]]\"이면 A가, \"[[B]]\"이면 B가 낫다는 뜻입니다.", "quotes the format's choices")]
    [InlineData(Result, "[RESULT] A [RESULT] B [RESULT]", "is not followed by A or B")]
    public void Gives_no_verdict_with_the_reason(PairwiseVerdictFormat format, string reply, string reason)
    {
        var verdict = PairwiseVerdictParser.Parse(reply, format);

        Assert.Null(verdict.Winner);
        Assert.Null(verdict.Margin);
        Assert.False(verdict.HasVerdict);
        Assert.NotNull(verdict.Error);
        Assert.Contains(reason, verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_reply_is_no_verdict()
    {
        foreach (var format in Enum.GetValues<PairwiseVerdictFormat>())
        {
            Assert.Equal("the reply is empty", PairwiseVerdictParser.Parse(null, format).Error);
        }
    }

    [Theory]
    [InlineData(Result, "Feedback: 응답 A가 더 정확합니다. [RESULT] A", "응답 A가 더 정확합니다.")]
    [InlineData(Result, "Feedback: (write a feedback for criteria) [RESULT] A\nFeedback: 다시 보니 B. [RESULT] B", "다시 보니 B.")]
    [InlineData(Brackets, "A가 더 자세하다.\n\n**[[A]]**", "A가 더 자세하다.")]
    [InlineData(Arena, "피드백: B가 낫다. [[B>A]]", "B가 낫다.")]
    public void The_feedback_is_the_text_before_the_verdict_without_the_marker(PairwiseVerdictFormat format, string reply, string feedback)
    {
        var verdict = PairwiseVerdictParser.Parse(reply, format);

        Assert.Equal(feedback, verdict.Feedback);
        Assert.DoesNotContain("[RESULT]", verdict.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws_on_hostile_text()
    {
        string[] hostile =
        [
            "[[", "]]", "[[[[A]]]]", "[RESULT", "RESULT]", "[[A]", "[A]]", new string('[', 10_000), "[[" + new string('A', 5_000) + "]]",
            "\0\u0001[RESULT]\uFFFF", "[RESULT] \uD800", "[[A\n]]", "\"[[A]]\"", "'[[C]]' if",
        ];
        foreach (var format in Enum.GetValues<PairwiseVerdictFormat>())
        {
            foreach (var reply in hostile)
            {
                var verdict = PairwiseVerdictParser.Parse(reply, format);
                Assert.True(verdict.HasVerdict ^ (verdict.Error is not null), $"{format} '{reply[..Math.Min(20, reply.Length)]}': a verdict and an error at once, or neither");
            }
        }
        // One of them holds a whole marker inside brackets and is read as it, the others hold none.
        Assert.Equal(PairwiseWinner.A, PairwiseVerdictParser.Parse("[[[[A]]]]", Brackets).Winner);
        Assert.Null(PairwiseVerdictParser.Parse("[[A]", Brackets).Winner);
    }
}
