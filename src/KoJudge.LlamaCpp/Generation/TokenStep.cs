using LLama;
using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// One token of one reply, once its logits are ready: what the logits tell (the score distribution, log-probabilities,
/// the caller's own reading), the next token (sampled or forced), the text it adds, and whether the reply is done.
/// </summary>
internal sealed class TokenStep
{
    private readonly LLamaContext context;
    private readonly SafeLlamaModelHandle model;
    private readonly VerdictSamplingPolicy sampling;
    private readonly int contextPerSequence;
    private readonly ScoreProbe scoreProbe;
    private readonly TokenLogprobReader logprobs;

    public TokenStep(LLamaContext context, SafeLlamaModelHandle model, VerdictSamplingPolicy sampling, int contextPerSequence)
    {
        this.context = context;
        this.model = model;
        this.sampling = sampling;
        this.contextPerSequence = contextPerSequence;
        scoreProbe = new ScoreProbe(text => context.Tokenize(text, addBos: false, special: true));
        logprobs = new TokenLogprobReader(model);
    }

    /// <summary>Takes the sequence one token further, and returns why it ended, or null while it goes on.</summary>
    public GenerationFinish? Advance(ActiveSequence sequence)
    {
        var request = sequence.Request;
        if (sequence.ReadScoreNext)
        {
            sequence.ScoreProbabilities = scoreProbe.Read(context.NativeHandle.GetLogitsIth(sequence.LogitsIndex));
            sequence.ReadScoreNext = false;
        }
        sampling.CloseIfOutOfRoom(sequence, Remaining(sequence));
        request.OnLogits?.Invoke(context.NativeHandle.GetLogitsIth(sequence.LogitsIndex).ToArray());
        if (request.ForcedTokens is { } forced && sequence.Generated >= forced.Count)
        {
            return GenerationFinish.Length;
        }
        var token = request.ForcedTokens is { } teacher
            ? teacher[sequence.Generated]
            : sequence.Sampler.Sample(context.NativeHandle, sequence.LogitsIndex);
        if (!request.IgnoreEndOfGeneration && request.ForcedTokens is null && token.IsEndOfGeneration(model.Vocab))
        {
            return GenerationFinish.Stop;
        }
        if (request.TopLogprobs > 0)
        {
            (sequence.TokenLogprobs ??= []).Add(logprobs.Read(context.NativeHandle.GetLogitsIth(sequence.LogitsIndex), token, request.TopLogprobs));
        }
        sequence.Generated++;
        sequence.PendingToken = token;
        sequence.Decoder.Add(token);
        var piece = sequence.Decoder.Read();
        if (piece.Length > 0)
        {
            var before = sequence.TextLength;
            sequence.Append(piece);
            if (!request.IgnoreEndOfGeneration && StopAt(sequence, before) is { } stop)
            {
                sequence.TruncateText(stop);
                Emit(sequence, before, stop);
                return GenerationFinish.Stop;
            }
            Emit(sequence, before, sequence.TextLength);
            sequence.ReadScoreNext = scoreProbe.ScoreComesNext(sequence.Text);
        }
        return Remaining(sequence) <= 0 ? GenerationFinish.Length : null;
    }

    private int Remaining(ActiveSequence sequence) =>
        Math.Min(sequence.Request.MaxTokens - sequence.Generated, contextPerSequence - sequence.Position - 1);

    /// <summary>Where the earliest stop sequence starts, looking only where the new text could complete one.</summary>
    private static int? StopAt(ActiveSequence sequence, int newTextStart)
    {
        var text = sequence.Text;
        int? earliest = null;
        foreach (var stop in sequence.Request.StopSequences)
        {
            if (stop.Length == 0)
            {
                continue;
            }
            var from = Math.Max(0, newTextStart - stop.Length + 1);
            var at = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (earliest is null || at < earliest))
            {
                earliest = at;
            }
        }
        return earliest;
    }

    private static void Emit(ActiveSequence sequence, int from, int to)
    {
        if (to > from && sequence.Request.OnText is { } onText)
        {
            onText(sequence.Text[from..to]);
        }
    }
}
