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
        var messages = BuildMessages(item);
        var failure = new JudgeResult { Id = item.Id, Category = item.Category };

        for (var attempt = 0; attempt <= Options.Retries; attempt++)
        {
            var attempts = attempt + 1;
            ChatResponse response;
            try
            {
                response = await chatClient.GetResponseAsync(messages, CreateChatOptions(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var refusal = e as EngineRefusalException;
                failure = failure with
                {
                    Attempts = attempts,
                    Raw = null,
                    Truncated = false,
                    Feedback = null,
                    FromCache = false,
                    Error = $"engine error: {e.Message}",
                    ErrorKind = refusal?.Kind ?? ErrorKind.EngineError,
                };
                if (refusal is not null || e is ArgumentException)
                {
                    // The engine refused the request itself (a prompt longer than its context, a bad key): asking again cannot help.
                    break;
                }
                continue;
            }

            var raw = response.Text;
            var truncated = response.FinishReason == ChatFinishReason.Length;
            var verdict = VerdictParser.Parse(raw);
            var scored = new JudgeResult
            {
                Id = item.Id,
                Category = item.Category,
                Score = verdict.Score,
                Feedback = verdict.Feedback,
                Attempts = attempts,
                Truncated = truncated,
                Raw = raw,
                FromCache = CachedReply.IsFromCache(response),
            };
            if (verdict.HasScore)
            {
                var distribution = response.Messages.SelectMany(m => m.Contents).OfType<ScoreDistributionContent>().LastOrDefault();
                return distribution is null
                    ? scored
                    : scored with { Probabilities = distribution.Probabilities, ExpectedScore = distribution.ExpectedScore };
            }
            failure = scored with
            {
                ErrorKind = truncated ? ErrorKind.Truncated : ErrorKind.NoVerdict,
                Error = truncated
                    ? $"truncated: the reply hit the {Options.MaxOutputTokens}-token limit before a verdict ({verdict.Error})"
                    : verdict.Error,
            };
        }
        return failure with { Error = $"no verdict after {failure.Attempts} attempt{(failure.Attempts == 1 ? "" : "s")}: {failure.Error}" };
    }

    private List<ChatMessage> BuildMessages(JudgeItem item)
    {
        var messages = new List<ChatMessage>(2);
        if (Options.SystemPrompt is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, Options.SystemPrompt));
        }
        messages.Add(new ChatMessage(ChatRole.User, item.RenderPrompt()));
        return messages;
    }

    private ChatOptions CreateChatOptions(int attempt) => new()
    {
        Temperature = attempt == 0 ? Options.Temperature : Options.RetryTemperature,
        Seed = Options.Seed + attempt,
        MaxOutputTokens = Options.MaxOutputTokens,
        StopSequences = [.. Options.StopSequences],
    };
}
