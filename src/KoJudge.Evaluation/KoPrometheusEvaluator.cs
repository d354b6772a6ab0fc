using System.Globalization;
using KoJudge.Judging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace KoJudge.Evaluation;

/// <summary>
/// The Korean Prometheus judge as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>: it grades the response
/// to the last user message against a <see cref="KoPrometheusEvaluatorContext"/> (rubric, optional reference) with the
/// judge model behind <see cref="ChatConfiguration.ChatClient"/> (KoJudge's in-process engine, or any OpenAI-compatible
/// server), and reports a <see cref="NumericMetric"/> of 1 to 5 with the judge's feedback as its reason.
/// A judge that gives no verdict leaves the value empty with the reason as an error diagnostic: never a made-up score.
/// </summary>
public sealed class KoPrometheusEvaluator(JudgeOptions? options = null) : IEvaluator
{
    public const string ScoreMetricName = "Korean Prometheus score";

    /// <summary>Scores below this fail, as Microsoft.Extensions.AI.Evaluation.Quality's own 1–5 evaluators fail below 4.</summary>
    public int MinimumPassingScore { get; init; } = 4;

    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [ScoreMetricName];

    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var metric = new NumericMetric(ScoreMetricName);
        var result = new EvaluationResult(metric);
        var context = additionalContext?.OfType<KoPrometheusEvaluatorContext>().FirstOrDefault();
        if (chatConfiguration is null)
        {
            return Inconclusive(result, metric, "no judge: pass a ChatConfiguration whose ChatClient runs the Korean Prometheus model");
        }
        if (context is null)
        {
            return Inconclusive(result, metric, $"no rubric: pass a {nameof(KoPrometheusEvaluatorContext)} in additionalContext");
        }
        if (!messages.TryGetUserRequest(out var request, out var history))
        {
            return Inconclusive(result, metric, "no user message: the last message must be the user's request the response answers");
        }
        metric.AddOrUpdateContext(context);
        if (history.Count > 0)
        {
            // The prompt is single-turn, as the judge was trained: say what it did not see rather than flatten the turns into it.
            metric.AddDiagnostics(EvaluationDiagnostic.Informational(
                $"judged the last user message alone; the {history.Count} earlier message{(history.Count == 1 ? " was" : "s were")} not shown to the judge"));
        }

        var item = new JudgeItem("evaluation", request.Text, modelResponse.Text, context.Reference, context.Rubric);
        var judged = await new PrometheusJudge(chatConfiguration.ChatClient, options).JudgeAsync(item, cancellationToken).ConfigureAwait(false);
        metric.AddOrUpdateMetadata("attempts", judged.Attempts.ToString(CultureInfo.InvariantCulture));
        if (judged.ExpectedScore is { } expected)
        {
            metric.AddOrUpdateMetadata("expected_score", expected.ToString("0.####", CultureInfo.InvariantCulture));
        }
        if (judged.Score is not { } score)
        {
            return Inconclusive(result, metric, judged.Error ?? "no verdict");
        }
        metric.Value = score;
        metric.Reason = judged.Feedback;
        var rating = score switch
        {
            1 => EvaluationRating.Unacceptable,
            2 => EvaluationRating.Poor,
            3 => EvaluationRating.Average,
            4 => EvaluationRating.Good,
            _ => EvaluationRating.Exceptional,
        };
        metric.Interpretation = score < MinimumPassingScore
            ? new EvaluationMetricInterpretation(rating, failed: true, reason: $"{score} is below the passing score of {MinimumPassingScore}")
            : new EvaluationMetricInterpretation(rating);
        return result;
    }

    // No score is invented: the value stays empty, the reason is an error, and the evaluation fails as inconclusive.
    private static EvaluationResult Inconclusive(EvaluationResult result, NumericMetric metric, string reason)
    {
        metric.AddDiagnostics(EvaluationDiagnostic.Error(reason));
        metric.Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Inconclusive, failed: true, reason: reason);
        return result;
    }
}
