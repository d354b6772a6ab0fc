using static TorchSharp.torch;

namespace KoJudge.Training.Training;

/// <summary>
/// Examples as next-token pairs, right-padded to the longest: input <c>t</c> predicts label <c>t</c>, the token after
/// it. Labels on prompt tokens and padding are <see cref="Ignored"/>, so the loss covers the target alone.
/// </summary>
/// <remarks>
/// Right padding needs no attention mask: attention is causal and every position starts at 0, so the pads come after
/// each row's real tokens and no real token sees them.
/// </remarks>
internal sealed class CausalLmBatch : IDisposable
{
    public const long Ignored = -100;

    private CausalLmBatch(Tensor inputs, Tensor labels, long tokens, long targetTokens) =>
        (Inputs, Labels, Tokens, TargetTokens) = (inputs, labels, tokens, targetTokens);

    /// <summary><c>[batch, length]</c> token ids.</summary>
    public Tensor Inputs { get; }

    /// <summary><c>[batch, length]</c> the next token's id, or <see cref="Ignored"/>.</summary>
    public Tensor Labels { get; }

    /// <summary>Real tokens read, padding excluded.</summary>
    public long Tokens { get; }

    public long TargetTokens { get; }

    /// <summary>The number of target tokens the loss covers, the denominator of a mean over tokens.</summary>
    public static long CountTargets(IEnumerable<TokenizedExample> examples) => examples.Sum(e => (long)e.TargetIds.Length);

    public static CausalLmBatch Create(IReadOnlyList<TokenizedExample> examples)
    {
        var length = examples.Max(e => e.Length) - 1;
        var inputs = new long[examples.Count * length];
        var labels = new long[examples.Count * length];
        Array.Fill(labels, Ignored);
        long tokens = 0;
        for (var row = 0; row < examples.Count; row++)
        {
            var (prompt, target) = (examples[row].PromptIds, examples[row].TargetIds);
            var sequence = prompt.Concat(target).ToArray();
            for (var t = 0; t < sequence.Length - 1; t++)
            {
                inputs[(row * length) + t] = sequence[t];
                if (t + 1 >= prompt.Length)
                {
                    labels[(row * length) + t] = sequence[t + 1];
                }
            }
            tokens += sequence.Length - 1;
        }
        return new CausalLmBatch(
            tensor(inputs, [examples.Count, length]), tensor(labels, [examples.Count, length]), tokens, CountTargets(examples));
    }

    /// <summary>The summed cross-entropy over the labelled positions of <paramref name="logits"/> <c>[batch, length, vocab]</c>.</summary>
    /// <remarks>In float32 whatever the logits' dtype, as transformers upcasts them for the loss.</remarks>
    public Tensor SummedLoss(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var labels = Labels.to(logits.device);
        return nn.functional.cross_entropy(logits.to(ScalarType.Float32).reshape(-1, logits.shape[^1]), labels.reshape(-1), ignore_index: Ignored, reduction: nn.Reduction.Sum);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
    }
}
