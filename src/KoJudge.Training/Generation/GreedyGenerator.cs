using KoJudge.Training.Model;
using static TorchSharp.torch;

namespace KoJudge.Training.Generation;

/// <summary>
/// Greedy decoding with the TorchSharp model, as the judge decodes its first attempt (temperature 0): each new token
/// is the argmax of the next-token logits, until a stop token or the token limit.
/// </summary>
/// <remarks>
/// Prompts of one length decode together in a batch, so no row needs padding or a mask: the prompt is read once into a
/// <see cref="KeyValueCache"/>, then each step reads one new token per row. A row that has stopped rides along until
/// its batch ends, and what it generates after its stop is dropped.
/// </remarks>
public static class GreedyGenerator
{
    /// <summary>The tokens generated after each prompt, in the prompts' order, the stop token that ended a row left out.</summary>
    /// <param name="stopIds">Tokens that end a row, such as <c>&lt;|eot_id|&gt;</c>.</param>
    public static IReadOnlyList<int[]> Generate(
        LlamaForCausalLM model,
        IReadOnlyList<int[]> prompts,
        int maxNewTokens,
        IReadOnlyCollection<int> stopIds,
        int batchSize = 8,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(stopIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (prompts.Any(p => p.Length == 0))
        {
            throw new ArgumentException("A prompt has no tokens.", nameof(prompts));
        }
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var generated = new int[prompts.Count][];
            var batches = Enumerable.Range(0, prompts.Count).GroupBy(i => prompts[i].Length).SelectMany(g => g.Chunk(batchSize));
            foreach (var rows in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var replies = GenerateBatch(model, [.. rows.Select(i => prompts[i])], maxNewTokens, stopIds, cancellationToken);
                for (var r = 0; r < rows.Length; r++)
                {
                    generated[rows[r]] = replies[r];
                }
            }
            return generated;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    // Prompts of one length: no padding, and every row's next token stands at the same position.
    private static int[][] GenerateBatch(LlamaForCausalLM model, int[][] prompts, int maxNewTokens, IReadOnlyCollection<int> stopIds, CancellationToken cancellationToken)
    {
        using var cache = new KeyValueCache(model.Config.Layers);
        var replies = prompts.Select(_ => new List<int>()).ToArray();
        var open = Enumerable.Repeat(true, prompts.Length).ToArray();
        var input = prompts.SelectMany(p => p.Select(t => (long)t)).ToArray();
        var inputLength = prompts[0].Length;
        for (var step = 0; step < maxNewTokens && open.Any(o => o); step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long[] next;
            using (NewDisposeScope())
            {
                var logits = model.ForwardWithCache(tensor(input, [prompts.Length, inputLength]), cache);
                next = logits.select(1, inputLength - 1).argmax(1).data<long>().ToArray();
            }
            for (var r = 0; r < prompts.Length; r++)
            {
                if (!open[r])
                {
                    continue;
                }
                if (stopIds.Contains((int)next[r]))
                {
                    open[r] = false;
                }
                else
                {
                    replies[r].Add((int)next[r]);
                }
            }
            (input, inputLength) = (next, 1);
        }
        return [.. replies.Select(r => r.ToArray())];
    }
}
