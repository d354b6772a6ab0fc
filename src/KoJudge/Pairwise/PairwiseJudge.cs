using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.Verdicts;
using Microsoft.Extensions.AI;

namespace KoJudge.Pairwise;

/// <summary>
/// A pairwise judge over any <see cref="IChatClient"/>: each pair is judged as given and swapped, since judges favour a
/// position, and the two verdicts are joined (<see cref="PairwiseResult"/>). Retries, engine faults and refusals are
/// those of <see cref="VerdictAttempts"/>, as for <see cref="PrometheusJudge"/>.
/// </summary>
public sealed class PairwiseJudge(IChatClient chatClient, PairwisePrompt prompt, JudgeOptions? options = null)
{
    public JudgeOptions Options { get; } = options ?? new JudgeOptions();

    public PairwisePrompt Prompt { get; } = prompt ?? throw new ArgumentNullException(nameof(prompt));

    public async ValueTask<PairwiseResult> JudgeAsync(PairwiseItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var asGiven = await JudgeOrderAsync(item, swapped: false, cancellationToken).ConfigureAwait(false);
        var swapped = await JudgeOrderAsync(item, swapped: true, cancellationToken).ConfigureAwait(false);
        var result = new PairwiseResult
        {
            Id = item.Id,
            ModelA = item.ModelA,
            ModelB = item.ModelB,
            Category = item.Category,
            Attempts = asGiven.Attempts + swapped.Attempts,
            LengthA = item.ResponseA.Length,
            LengthB = item.ResponseB.Length,
            AsGiven = asGiven,
            Swapped = swapped,
        };
        if (asGiven.Verdict is not { } first || swapped.Verdict is not { } second)
        {
            var failed = new[] { ("as given", asGiven), ("swapped", swapped) }.Where(o => o.Item2.Verdict is null).ToList();
            return result with
            {
                Error = string.Join("; ", failed.Select(o => $"{o.Item1}: {o.Item2.Error}")),
                ErrorKind = failed[0].Item2.ErrorKind,
            };
        }
        return first == second
            ? result with { Verdict = first, Margin = asGiven.Margin is { } m1 && swapped.Margin is { } m2 ? Math.Min(m1, m2) : null }
            : result with { Verdict = PairwiseWinner.Tie, Flipped = true };
    }

    private async ValueTask<PairwiseOrderResult> JudgeOrderAsync(PairwiseItem item, bool swapped, CancellationToken cancellationToken)
    {
        var format = Prompt.Format;
        var asked = await VerdictAttempts.AskAsync(
            chatClient, item.RenderPrompt(Prompt, swapped), Options, reply => PairwiseVerdictParser.Parse(reply, format), v => v.Error, cancellationToken)
            .ConfigureAwait(false);
        var winner = asked.Succeeded ? asked.Verdict!.Winner : null;
        return new PairwiseOrderResult
        {
            // The judge's A is the response shown first: response_b where the order is swapped.
            Verdict = swapped ? Swap(winner) : winner,
            Margin = asked.Succeeded ? asked.Verdict!.Margin : null,
            Feedback = asked.Verdict?.Feedback,
            Error = asked.Error,
            ErrorKind = asked.ErrorKind,
            Attempts = asked.Attempts,
            Truncated = asked.Truncated,
            Raw = asked.Raw,
            FromCache = asked.FromCache,
        };
    }

    private static PairwiseWinner? Swap(PairwiseWinner? winner) => winner switch
    {
        PairwiseWinner.A => PairwiseWinner.B,
        PairwiseWinner.B => PairwiseWinner.A,
        _ => winner,
    };
}
