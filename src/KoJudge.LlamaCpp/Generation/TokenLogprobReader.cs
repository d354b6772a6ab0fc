using KoJudge.Judging;
using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// A generated token's log-probability and the most likely alternatives, as OpenAI's <c>logprobs</c> report them, read
/// from the raw logits: before any grammar, so they say what the model itself preferred.
/// </summary>
internal sealed class TokenLogprobReader(SafeLlamaModelHandle model)
{
    public TokenLogprob Read(Span<float> logits, LLamaToken chosen, int top)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }
        var logZ = max + Math.Log(sum);
        var best = new List<(int Id, float Logit)>(top + 1);
        for (var id = 0; id < logits.Length; id++)
        {
            var logit = logits[id];
            if (best.Count < top || logit > best[^1].Logit)
            {
                var at = best.FindIndex(b => b.Logit < logit);
                best.Insert(at < 0 ? best.Count : at, (id, logit));
                if (best.Count > top)
                {
                    best.RemoveAt(best.Count - 1);
                }
            }
        }
        return new TokenLogprob(
            TokenText((LLamaToken)(int)chosen),
            logits[(int)chosen] - logZ,
            best.Select(b => (TokenText((LLamaToken)b.Id), (double)(b.Logit - logZ))).ToArray());
    }

    private string TokenText(LLamaToken token)
    {
        Span<byte> bytes = stackalloc byte[64];
        var length = (int)model.TokenToSpan(token, bytes);
        return System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(length, bytes.Length)]);
    }
}
