using KoJudge.Training.Model;
using static TorchSharp.torch;

namespace KoJudge.Training.Training;

/// <summary>
/// Scores a model on held-out examples in eval mode (no dropout, no gradients): mean loss per target token and,
/// given an <see cref="IVerdictReader"/>, verdict accuracy read at the score's place under teacher forcing.
/// </summary>
public static class HeldOutEvaluator
{
    public static EvaluationMetrics Evaluate(LlamaForCausalLM model, IReadOnlyList<TokenizedExample> examples, IVerdictReader? verdicts = null, int batchSize = 8, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples to evaluate.", nameof(examples));
        }
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var (lossSum, targets, scored, correct) = (0.0, 0L, 0, 0);
            var scoreIds = verdicts is null ? null : tensor(verdicts.ScoreTokenIds.Select(i => (long)i).ToArray(), device: model.Device);
            foreach (var chunk in examples.Chunk(batchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var batch = CausalLmBatch.Create(chunk);
                var logits = model.call(batch.Inputs);
                lossSum += batch.SummedLoss(logits).item<float>();
                targets += batch.TargetTokens;
                if (verdicts is null)
                {
                    continue;
                }
                for (var row = 0; row < chunk.Length; row++)
                {
                    if (verdicts.Locate(chunk[row]) is not { } slot)
                    {
                        continue;
                    }
                    // The logits that predict target token p stand at input position prompt + p - 1.
                    var position = chunk[row].PromptIds.Length + slot.Position - 1;
                    var predicted = logits[row, position].index_select(0, scoreIds!).argmax().item<long>() + 1;
                    scored++;
                    correct += predicted == slot.Score ? 1 : 0;
                }
            }
            scoreIds?.Dispose();
            return new EvaluationMetrics(examples.Count, lossSum / Math.Max(1, targets), scored == 0 ? null : (double)correct / scored, scored);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
