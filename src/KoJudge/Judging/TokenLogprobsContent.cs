using Microsoft.Extensions.AI;

namespace KoJudge.Judging;

/// <summary>
/// The log-probability of each token of a reply and of its most likely alternatives, as an engine read them.
/// <c>kojudge serve</c> returns them in OpenAI's <c>logprobs</c> shape.
/// </summary>
public sealed class TokenLogprobsContent(IReadOnlyList<TokenLogprob> tokens) : AIContent
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that asks an engine for each token's log-probability and this many alternatives.</summary>
    public const string TopLogprobsOption = "top_logprobs";

    public IReadOnlyList<TokenLogprob> Tokens { get; } = tokens ?? throw new ArgumentNullException(nameof(tokens));
}
