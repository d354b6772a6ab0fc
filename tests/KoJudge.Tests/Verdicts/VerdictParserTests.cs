using KoJudge.Verdicts;

namespace KoJudge.Tests.Verdicts;

public sealed class VerdictParserTests
{
    [Theory]
    // The seed's own form, and the ways real judges vary it.
    [InlineData("Feedback: 정확합니다. [RESULT] 4", 4)]
    [InlineData("정확합니다. [RESULT] 1", 1)]
    [InlineData("정확합니다. [RESULT] 5", 5)]
    [InlineData("정확합니다. [RESULT]5", 5)]
    [InlineData("정확합니다. [result] 3", 3)]
    [InlineData("정확합니다. [Result] 2", 2)]
    [InlineData("정확합니다. [ RESULT ] 2", 2)]
    [InlineData("정확합니다.\n\n[결과] 3", 3)]
    [InlineData("정확합니다.\n\nRESULT 3", 3)]
    [InlineData("정확합니다. RESULT: 4", 4)]
    [InlineData("정확합니다. **[RESULT] 5**", 5)]
    [InlineData("정확합니다. **[RESULT]** 5", 5)]
    [InlineData("정확합니다. **RESULT:** 2", 2)]
    [InlineData("정확합니다. [RESULT]: 4", 4)]
    [InlineData("정확합니다. [RESULT] **4**", 4)]
    [InlineData("정확합니다. [RESULT] (4)", 4)]
    [InlineData("정확합니다. [RESULT] [4]", 4)]
    [InlineData("정확합니다. [RESULT] 4점", 4)]
    [InlineData("정확합니다. [RESULT] 4 점", 4)]
    [InlineData("정확합니다. [RESULT] 4/5", 4)]
    [InlineData("정확합니다. [RESULT] 4 / 5", 4)]
    [InlineData("정확합니다. [RESULT] 4.", 4)]
    [InlineData("정확합니다. [RESULT] 4점.", 4)]
    [InlineData("정확합니다. [RESULT] 4<|eot_id|>", 4)]
    [InlineData("정확합니다. [RESULT] 4</s>", 4)]
    [InlineData("정확합니다. [RESULT] 4\n<|end_of_text|>", 4)]
    [InlineData("정확합니다. [RESULT] 4   \n\n", 4)]
    [InlineData("정확합니다. [RESULT] 4\r\n", 4)]
    [InlineData("  \n Feedback: 정확합니다. [RESULT] 3", 3)]
    // The last marker wins: an echoed template before a real verdict, or a judge that changed its mind.
    [InlineData("Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)\n\nFeedback: 좋습니다. [RESULT] 4", 4)]
    [InlineData("처음엔 [RESULT] 2 라고 생각했으나, 다시 보니 [RESULT] 5", 5)]
    // Words that only look like markers are not markers.
    [InlineData("RESULTS 는 좋았습니다. [RESULT] 3", 3)]
    [InlineData("The result is fine. [RESULT] 2", 2)]
    public void Reads_the_score_of_a_verdict(string reply, int expected)
    {
        var verdict = VerdictParser.Parse(reply);

        Assert.Null(verdict.Error);
        Assert.Equal(expected, verdict.Score);
        Assert.True(verdict.HasScore);
    }

    [Theory]
    [InlineData("정확합니다. [RESULT] 6", "not an integer from 1 to 5")]
    [InlineData("정확합니다. [RESULT] 0", "not an integer from 1 to 5")]
    [InlineData("정확합니다. [RESULT] 12", "not an integer from 1 to 5")]
    [InlineData("정확합니다. [RESULT] 10", "not an integer from 1 to 5")]
    [InlineData("정확합니다. [RESULT] 04", "not an integer from 1 to 5")]
    [InlineData("정확합니다. [RESULT] -3", "not an integer from 1 to 5")]
    [InlineData("정확합니다. [RESULT] 4.5", "not a whole number")]
    [InlineData("정확합니다. [RESULT] 3,5", "not a whole number")]
    [InlineData("정확합니다. [RESULT] 4.0", "not a whole number")]
    [InlineData("정확합니다. [RESULT]", "not followed by a score")]
    [InlineData("정확합니다. [RESULT] **", "not followed by a score")]
    [InlineData("정확합니다. [RESULT] 점수 없음", "not a score")]
    [InlineData("Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)", "echoes the template")]
    [InlineData("Feedback: 좋습니다. [RESULT] 4\n\n[RESULT] (an integer number between 1 and 5)", "echoes the template")]
    [InlineData("정확합니다. [RESULT] 3-4", "is followed by")]
    [InlineData("정확합니다. [RESULT] 4 because it is correct", "is followed by")]
    [InlineData("정확합니다. [RESULT] 4점입니다", "is followed by")]
    [InlineData("정확합니다. [RESULT] 4 [RESULT]", "not followed by a score")]
    [InlineData("정확합니다. [RESULT] ４", "not a score")]
    [InlineData("4점이 적절합니다.", "no verdict marker")]
    [InlineData("Score: 4", "no verdict marker")]
    [InlineData("결과적으로 4점입니다.", "no verdict marker")]
    [InlineData("정확합니다. [RESULTS] 4", "no verdict marker")]
    [InlineData("", "empty")]
    [InlineData("   \n\t", "empty")]
    public void Gives_no_verdict_with_the_reason(string reply, string reasonFragment)
    {
        var verdict = VerdictParser.Parse(reply);

        Assert.Null(verdict.Score);
        Assert.False(verdict.HasScore);
        Assert.Contains(reasonFragment, verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_reply_is_no_verdict()
    {
        var verdict = VerdictParser.Parse(null);

        Assert.Null(verdict.Score);
        Assert.Equal("the reply is empty", verdict.Error);
    }

    [Theory]
    [InlineData("Feedback: 정확합니다. [RESULT] 4", "정확합니다.")]
    [InlineData("**Feedback:** 정확합니다. **[RESULT] 4**", "정확합니다.")]
    [InlineData("feedback : 정확합니다.\n[RESULT] 4", "정확합니다.")]
    [InlineData("피드백: 정확합니다. [결과] 4", "정확합니다.")]
    [InlineData("정확합니다. 4점이 적절합니다. [RESULT] 4", "정확합니다. 4점이 적절합니다.")]
    [InlineData("처음 평가 [RESULT] 2\n\nFeedback: 다시 평가 [RESULT] 5", "다시 평가")]
    public void Feedback_is_the_text_before_the_marker_without_label_or_marker(string reply, string expected)
    {
        var verdict = VerdictParser.Parse(reply);

        Assert.Equal(expected, verdict.Feedback);
        Assert.DoesNotContain("[RESULT]", verdict.Feedback, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_reply_without_a_verdict_keeps_its_text_as_feedback()
    {
        var verdict = VerdictParser.Parse("Feedback: 답변이 부정확합니다.");

        Assert.Equal("답변이 부정확합니다.", verdict.Feedback);
        Assert.Null(verdict.Score);
    }

    [Fact]
    public void Parses_the_seed_cards_example_output()
    {
        var example = KoJudge.Prompts.KoPrometheusSeed.Example;

        var verdict = VerdictParser.Parse(example.JudgeOutput);

        Assert.Equal(example.Score, verdict.Score);
        Assert.StartsWith("이 답변은 함수", verdict.Feedback, StringComparison.Ordinal);
        Assert.EndsWith("4점이 적절합니다.", verdict.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_throws_on_hostile_text()
    {
        var random = new Random(20261128);
        var pieces = new[] { "[RESULT]", "[결과]", "RESULT", "**", ":", "(", ")", "[", "]", " ", "\n", "4", "5", "6", ".", "점", "/5", "<|eot_id|>", "가", "an integer number between 1 and 5" };
        for (var i = 0; i < 5_000; i++)
        {
            var reply = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));

            var verdict = VerdictParser.Parse(reply);

            Assert.True(verdict.Score is null or (>= 1 and <= 5), reply);
            Assert.True(verdict.Score is null ^ verdict.Error is null, reply);
        }
    }
}
