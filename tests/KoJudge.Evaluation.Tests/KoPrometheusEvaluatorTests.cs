using KoJudge.Evaluation;
using KoJudge.Prompts;
using KoJudge.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace KoJudge.Evaluation.Tests;

public sealed class KoPrometheusEvaluatorTests
{
    private static readonly Rubric Math = RubricCatalog.Resolve("math");
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "1 더하기 1은 얼마인가요?")];
    private static readonly ChatResponse Answer = new(new ChatMessage(ChatRole.Assistant, "2입니다."));

    [Fact]
    public async Task A_verdict_becomes_the_score_with_the_feedback_as_its_reason_and_the_judge_reads_the_seeds_prompt()
    {
        var judge = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 정확하지만 풀이가 없다. [RESULT] 4"));

        var result = await new KoPrometheusEvaluator().EvaluateAsync(
            Question, Answer, new ChatConfiguration(judge), [new KoPrometheusEvaluatorContext(Math, reference: "2")], TestContext.Current.CancellationToken);

        var metric = result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName);
        Assert.Equal(4, metric.Value);
        Assert.Equal("정확하지만 풀이가 없다.", metric.Reason);
        Assert.Equal(EvaluationRating.Good, metric.Interpretation!.Rating);
        Assert.False(metric.Interpretation.Failed);
        Assert.Equal("1", metric.Metadata!["attempts"]);
        Assert.Contains(KoPrometheusEvaluatorContext.ContextName, metric.Context!.Keys);
        var prompt = Assert.Single(Assert.Single(judge.Calls).Messages);
        Assert.Equal(AbsoluteGradingPrompt.Render("1 더하기 1은 얼마인가요?", "2입니다.", "2", Math), prompt.Text);
        Assert.Equal(0f, judge.Calls[0].Options!.Temperature);
    }

    [Theory]
    [InlineData(1, EvaluationRating.Unacceptable, true)]
    [InlineData(2, EvaluationRating.Poor, true)]
    [InlineData(3, EvaluationRating.Average, true)]
    [InlineData(5, EvaluationRating.Exceptional, false)]
    public async Task Scores_below_the_passing_score_fail(int score, EvaluationRating rating, bool failed)
    {
        var judge = new ScriptedChatClient(_ => ScriptedChatClient.Reply($"Feedback: 평가. [RESULT] {score}"));

        var result = await new KoPrometheusEvaluator().EvaluateAsync(Question, Answer, new ChatConfiguration(judge), [new KoPrometheusEvaluatorContext(Math)], TestContext.Current.CancellationToken);

        var metric = result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName);
        Assert.Equal(score, metric.Value);
        Assert.Equal(rating, metric.Interpretation!.Rating);
        Assert.Equal(failed, metric.Interpretation.Failed);
    }

    [Fact]
    public async Task A_judge_without_a_verdict_leaves_the_score_empty_and_says_why()
    {
        var judge = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 판단하기 어렵다."));

        var result = await new KoPrometheusEvaluator().EvaluateAsync(Question, Answer, new ChatConfiguration(judge), [new KoPrometheusEvaluatorContext(Math)], TestContext.Current.CancellationToken);

        var metric = result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName);
        Assert.Null(metric.Value);
        Assert.Equal(3, judge.Calls.Count);
        Assert.Equal("3", metric.Metadata!["attempts"]);
        Assert.Equal(EvaluationRating.Inconclusive, metric.Interpretation!.Rating);
        Assert.True(metric.Interpretation.Failed);
        var error = Assert.Single(metric.Diagnostics!, d => d.Severity == EvaluationDiagnosticSeverity.Error);
        Assert.StartsWith("no verdict after 3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_rubric_or_a_judge_nothing_is_asked_and_the_evaluation_is_inconclusive()
    {
        var judge = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 좋다. [RESULT] 5"));
        var evaluator = new KoPrometheusEvaluator();

        var noRubric = await evaluator.EvaluateAsync(Question, Answer, new ChatConfiguration(judge), cancellationToken: TestContext.Current.CancellationToken);
        var noJudge = await evaluator.EvaluateAsync(Question, Answer, chatConfiguration: null, [new KoPrometheusEvaluatorContext(Math)], TestContext.Current.CancellationToken);
        var noQuestion = await evaluator.EvaluateAsync([new ChatMessage(ChatRole.Assistant, "안녕하세요")], Answer, new ChatConfiguration(judge), [new KoPrometheusEvaluatorContext(Math)], TestContext.Current.CancellationToken);

        Assert.Empty(judge.Calls);
        Assert.Contains("no rubric", Error(noRubric), StringComparison.Ordinal);
        Assert.Contains("no judge", Error(noJudge), StringComparison.Ordinal);
        Assert.Contains("no user message", Error(noQuestion), StringComparison.Ordinal);
        Assert.All(new[] { noRubric, noJudge, noQuestion }, r => Assert.Null(r.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName).Value));
    }

    [Fact]
    public async Task In_a_conversation_the_last_user_message_is_judged_and_the_diagnostics_say_so()
    {
        var judge = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 좋다. [RESULT] 5"));
        ChatMessage[] conversation = [new(ChatRole.User, "안녕"), new(ChatRole.Assistant, "안녕하세요"), new(ChatRole.User, "1 더하기 1은 얼마인가요?")];

        var result = await new KoPrometheusEvaluator().EvaluateAsync(conversation, Answer, new ChatConfiguration(judge), [new KoPrometheusEvaluatorContext(Math)], TestContext.Current.CancellationToken);

        var metric = result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName);
        Assert.Equal(5, metric.Value);
        Assert.Contains("1 더하기 1은 얼마인가요?", judge.Calls[0].Messages[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("안녕하세요", judge.Calls[0].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains(metric.Diagnostics!, d => d.Severity == EvaluationDiagnosticSeverity.Informational && d.Message.Contains("2 earlier messages", StringComparison.Ordinal));
    }

    private static string Error(EvaluationResult result) =>
        Assert.Single(result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName).Diagnostics!, d => d.Severity == EvaluationDiagnosticSeverity.Error).Message;
}
