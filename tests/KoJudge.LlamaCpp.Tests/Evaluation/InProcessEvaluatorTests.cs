using KoJudge.Evaluation;
using KoJudge.LlamaCpp.Tests.Support;
using KoJudge.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace KoJudge.LlamaCpp.Tests.Evaluation;

public sealed class InProcessEvaluatorTests
{
    [Fact]
    public async Task The_evaluator_runs_on_the_in_process_engine_and_reports_its_score_distribution()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 2, withLora: true) with { ConstrainVerdict = true });
        var evaluator = new KoPrometheusEvaluator(new Judging.JudgeOptions { MaxOutputTokens = 48, Retries = 0 });

        var result = await evaluator.EvaluateAsync(
            [new ChatMessage(ChatRole.User, "1 더하기 1은 얼마인가요?")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "2입니다.")),
            new ChatConfiguration(engine.AsChatClient()),
            [new KoPrometheusEvaluatorContext(RubricCatalog.Resolve("math"), reference: "2")], TestContext.Current.CancellationToken);

        var metric = result.Get<NumericMetric>(KoPrometheusEvaluator.ScoreMetricName);
        Assert.InRange(metric.Value!.Value, 1, 5);
        Assert.NotNull(metric.Reason);
        Assert.InRange(double.Parse(metric.Metadata!["expected_score"], System.Globalization.CultureInfo.InvariantCulture), 1.0, 5.0);
        Assert.DoesNotContain(metric.Diagnostics ?? [], d => d.Severity == EvaluationDiagnosticSeverity.Error);
    }
}
