using KoJudge.Runs;
using KoJudge.Verdicts;
using Microsoft.Extensions.AI;

namespace KoJudge.Judging;

/// <summary>
/// The Korean Prometheus judge over any <see cref="IChatClient"/>: item → prompt → reply → verdict → result.
/// A reply without a verdict is asked for again at <see cref="JudgeOptions.RetryTemperature"/>; after the last
/// attempt the result keeps a null score and the reason. Engine faults fail the item, never the run.
/// </summary>
public sealed class PrometheusJudge(IChatClient chatClient, JudgeOptions? options = null) : IItemJudge
{
    public JudgeOptions Options { get; } = options ?? new JudgeOptions();

    /// <summary>What answers, for the request hash: the engine's kind, model, adapters and grammar.</summary>
    public string EngineIdentity { get; init; } = "";

    public string RequestHashOf(JudgeItem item) => RequestFingerprint.Compute(item, Options, EngineIdentity);

    public async ValueTask<JudgeResult> JudgeAsync(JudgeItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var asked = await VerdictAttempts.AskAsync(chatClient, item.RenderPrompt(), Options, VerdictParser.Parse, v => v.Error, cancellationToken)
            .ConfigureAwait(false);
        var result = new JudgeResult
        {
            Id = item.Id,
            Category = item.Category,
            Score = asked.Verdict?.Score,
            Feedback = asked.Verdict?.Feedback,
            Error = asked.Error,
            ErrorKind = asked.ErrorKind,
            Attempts = asked.Attempts,
            Truncated = asked.Truncated,
            Raw = asked.Raw,
            FromCache = asked.FromCache,
        };
        var distribution = asked.Succeeded
            ? asked.Response!.Messages.SelectMany(m => m.Contents).OfType<ScoreDistributionContent>().LastOrDefault()
            : null;
        return distribution is null
            ? result
            : result with { Probabilities = distribution.Probabilities, ExpectedScore = distribution.ExpectedScore };
    }
}
