using Microsoft.Extensions.AI;

namespace KoJudge.Judging;

/// <summary>
/// The one way a judge asks its engine for a verdict, whatever the verdict is: a reply without one is asked for again
/// at <see cref="JudgeOptions.RetryTemperature"/> with a new seed, an engine fault fails the attempt (a refusal, at
/// once the item), and after the last attempt the reason is kept. Only cancellation throws.
/// </summary>
public static class VerdictAttempts
{
    /// <param name="parse">Reads a reply's verdict; never throws.</param>
    /// <param name="problemOf">Why a parsed reply has no verdict, or null where it has one.</param>
    public static async ValueTask<AskedVerdict<TVerdict>> AskAsync<TVerdict>(
        IChatClient chatClient,
        string prompt,
        JudgeOptions options,
        Func<string, TVerdict> parse,
        Func<TVerdict, string?> problemOf,
        CancellationToken cancellationToken = default)
        where TVerdict : class
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(problemOf);
        var messages = Messages(prompt, options);
        AskedVerdict<TVerdict>? failure = null;
        for (var attempt = 0; attempt <= options.Retries; attempt++)
        {
            var attempts = attempt + 1;
            ChatResponse response;
            try
            {
                response = await chatClient.GetResponseAsync(messages, ChatOptionsFor(attempt, options), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var refusal = e as EngineRefusalException;
                failure = new AskedVerdict<TVerdict>(null, null, attempts, false, false, $"engine error: {e.Message}", refusal?.Kind ?? ErrorKind.EngineError);
                if (refusal is not null || e is ArgumentException)
                {
                    // The engine refused the request itself (a prompt longer than its context, a bad key): asking again cannot help.
                    break;
                }
                continue;
            }

            var truncated = response.FinishReason == ChatFinishReason.Length;
            var verdict = parse(response.Text);
            var problem = problemOf(verdict);
            var fromCache = CachedReply.IsFromCache(response);
            if (problem is null)
            {
                return new AskedVerdict<TVerdict>(verdict, response, attempts, truncated, fromCache, null, null);
            }
            failure = new AskedVerdict<TVerdict>(
                verdict,
                response,
                attempts,
                truncated,
                fromCache,
                truncated ? $"truncated: the reply hit the {options.MaxOutputTokens}-token limit before a verdict ({problem})" : problem,
                truncated ? ErrorKind.Truncated : ErrorKind.NoVerdict);
        }
        return failure! with { Error = $"no verdict after {failure!.Attempts} attempt{(failure.Attempts == 1 ? "" : "s")}: {failure.Error}" };
    }

    private static List<ChatMessage> Messages(string prompt, JudgeOptions options)
    {
        var messages = new List<ChatMessage>(2);
        if (options.SystemPrompt is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, options.SystemPrompt));
        }
        messages.Add(new ChatMessage(ChatRole.User, prompt));
        return messages;
    }

    private static ChatOptions ChatOptionsFor(int attempt, JudgeOptions options) => new()
    {
        Temperature = attempt == 0 ? options.Temperature : options.RetryTemperature,
        Seed = options.Seed + attempt,
        MaxOutputTokens = options.MaxOutputTokens,
        StopSequences = [.. options.StopSequences],
    };
}
