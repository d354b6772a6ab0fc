using System.Globalization;
using KoJudge.Judging;
using KoJudge.Verdicts;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace KoJudge.OpenAI;

/// <summary>
/// Asks an OpenAI-compatible server for token log-probabilities (<c>logprobs</c>, <c>top_logprobs</c>: vLLM, OpenAI and
/// <c>kojudge serve</c> give them) and reads the score's distribution from them: at the token after the last verdict
/// marker, the top alternatives that are the digits 1 to 5, renormalised. Digits outside the top alternatives count as 0.
/// The reply then carries a <see cref="ScoreDistributionContent"/>, as the in-process engine's does.
/// A server that refuses the fields (HTTP 400 naming logprobs, as OpenAI's reasoning models and vLLM past its
/// <c>--max-logprobs</c> answer) is asked again without them, and never asked for them again: the judgment matters more.
/// </summary>
public sealed class LogprobScoreReader(IChatClient inner, int topLogprobs = 10, Action<string>? onRefused = null) : DelegatingChatClient(inner)
{
    private int refused;

    /// <summary>The server refused log-probabilities; requests go without them.</summary>
    public bool Refused => Volatile.Read(ref refused) == 1;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Refused)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, WithLogprobs(options), cancellationToken).ConfigureAwait(false);
        }
        catch (System.ClientModel.ClientResultException e) when (e.Status == 400 && e.Message.Contains("logprob", StringComparison.OrdinalIgnoreCase))
        {
            if (Interlocked.Exchange(ref refused, 1) == 0)
            {
                onRefused?.Invoke(e.Message.ReplaceLineEndings(" ").Trim());
            }
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        if (response.RawRepresentation is ChatCompletion completion && Distribution(completion.ContentTokenLogProbabilities) is { } distribution)
        {
            response.Messages[^1].Contents.Add(distribution);
        }
        return response;
    }

    private ChatOptions WithLogprobs(ChatOptions? options)
    {
        var asked = options?.Clone() ?? new ChatOptions();
        var previous = asked.RawRepresentationFactory;
        asked.RawRepresentationFactory = client =>
        {
            var raw = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.IncludeLogProbabilities = true;
            raw.TopLogProbabilityCount = topLogprobs;
            return raw;
        };
        return asked;
    }

    /// <summary>The score distribution at the last place a score comes next, or null where there is none.</summary>
    public static ScoreDistributionContent? Distribution(IReadOnlyList<ChatTokenLogProbabilityDetails>? tokens)
    {
        if (tokens is null || tokens.Count == 0)
        {
            return null;
        }
        ScoreDistributionContent? found = null;
        var text = new System.Text.StringBuilder();
        foreach (var token in tokens)
        {
            if (VerdictPosition.ScoreComesNext(text.ToString()))
            {
                var logits = new float[5];
                var any = false;
                for (var digit = 1; digit <= 5; digit++)
                {
                    var name = digit.ToString(CultureInfo.InvariantCulture);
                    var alternative = token.TopLogProbabilities.FirstOrDefault(t => t.Token.Trim() == name);
                    logits[digit - 1] = alternative is null ? float.NegativeInfinity : alternative.LogProbability;
                    any |= alternative is not null;
                }
                if (any)
                {
                    found = ScoreDistributionContent.FromLogits(logits);
                }
            }
            text.Append(token.Token);
        }
        return found;
    }
}
