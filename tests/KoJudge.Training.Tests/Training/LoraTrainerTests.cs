using System.Text.Json;
using KoJudge.Gguf.Safetensors;
using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using KoJudge.Training.Training;

namespace KoJudge.Training.Tests.Training;

public sealed class LoraTrainerTests
{
    private static readonly LoraTrainingOptions Short = new()
    {
        Lora = new LoraSettings(rank: PeftFixture.Rank, alpha: 8, dropout: 0.05, LoraSettings.AllProjections),
        LearningRate = 1e-2,
        BatchSize = 4,
        GradientAccumulation = 1,
        CheckpointInterval = null,
    };

    [Fact]
    public void Training_leaves_the_base_weights_bit_identical_and_writes_exactly_PEFT_names_and_shapes()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var before = model.named_parameters().ToDictionary(p => p.name + "", p => p.parameter.data<float>().ToArray());
        var output = Path.Combine(checkpoint.Directory, "adapter");

        var reports = new List<TrainingProgress>();
        var heldOut = SyntheticJudgingTask.Examples(5, seed: 8);
        var options = Short with { EvaluationInterval = 2 };

        var summary = new LoraTrainer(options).Train(
            model, SyntheticJudgingTask.Examples(16, seed: 4), output, heldOut, SyntheticJudgingTask.Verdicts, new SynchronousProgress<TrainingProgress>(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal((TrainingOutcome.Completed, 4), (summary.Outcome, summary.Steps));
        var schedule = WarmupCosineSchedule.FromRatio(options.LearningRate, 4, options.WarmupRatio);
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(4, r.TotalSteps));
        Assert.Equal(Enumerable.Range(0, 4).Select(schedule.LearningRate), reports.Select(r => r.LearningRate));
        Assert.All(reports, r => Assert.True(r.Loss > 0 && r.TokensPerSecond > 0));
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        // Evaluated every 2 steps; the last step's evaluation is the summary's.
        Assert.Equal([false, true, false, false], reports.Select(r => r.Evaluation is not null));
        Assert.Equal(5, reports[1].Evaluation!.VerdictsScored);
        Assert.Equal((5, 5), (summary.Evaluation!.Examples, summary.Evaluation.VerdictsScored));
        Assert.Equal(reports[^1].Loss, summary.FinalLoss);
        Assert.Equal(summary.Tokens, SyntheticJudgingTask.Examples(16, seed: 4).Sum(e => (long)e.Length - 1));
        Assert.Equal(summary.TargetTokens, SyntheticJudgingTask.Examples(16, seed: 4).Sum(e => (long)e.TargetIds.Length));
        // Attaching LoRA renames q_proj.weight to q_proj.base_layer.weight, as PEFT does; the values must not move.
        var after = model.named_parameters().Where(p => !p.name.Contains(".lora_", StringComparison.Ordinal))
            .ToDictionary(p => p.name.Replace(".base_layer.", ".", StringComparison.Ordinal), p => p.parameter.data<float>().ToArray());
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, p => Assert.Equal(p.Value, after[p.Key]));

        using var file = SafetensorsFile.Open(Path.Combine(output, PeftAdapterWriter.WeightsFileName));
        PeftFixture.AssertHoldsExactlyItsNamesAndShapes(file);
        // B starts at zero; training moved every one of them.
        Assert.All(file.Tensors.Where(t => t.Name.EndsWith("lora_B.weight", StringComparison.Ordinal)), t => Assert.Contains(file.ReadSingles(t.Name), v => v != 0));
        Assert.True(File.Exists(Path.Combine(output, PeftAdapterWriter.ConfigFileName)));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(summary));
        Assert.Equal("Completed", json.RootElement.GetProperty(nameof(TrainingSummary.Outcome)).GetString());
        Assert.Equal(4, json.RootElement.GetProperty(nameof(TrainingSummary.Steps)).GetInt32());
    }

    [Fact]
    public void Batch_4_and_batch_1_with_4_accumulated_take_the_same_steps_so_padding_and_accumulation_change_nothing()
    {
        using var checkpoint = TinyCheckpoint.Create();
        // Lengths differ from example to example, so batches of 4 are padded and batches of 1 are not.
        var examples = SyntheticJudgingTask.Examples(24, seed: 5);
        Assert.True(examples.Select(e => e.Length).Distinct().Count() > 3);
        var noDropout = Short with { Lora = new LoraSettings(rank: 4, alpha: 8, dropout: 0, LoraSettings.AllProjections), Epochs = 2 };

        var padded = Adapter(checkpoint, examples, noDropout with { BatchSize = 4, GradientAccumulation = 1 }, "padded");
        var accumulated = Adapter(checkpoint, examples, noDropout with { BatchSize = 1, GradientAccumulation = 4 }, "accumulated");
        var mixed = Adapter(checkpoint, examples, noDropout with { BatchSize = 2, GradientAccumulation = 2 }, "mixed");
        var otherOrder = Adapter(checkpoint, examples, noDropout with { BatchSize = 4, GradientAccumulation = 1, Seed = 1 }, "other-order");

        Assert.True(AdapterFiles.MaxDifference(padded, accumulated) <= 1e-5, $"batch 4 and 1 × 4 differ by {AdapterFiles.MaxDifference(padded, accumulated)}");
        Assert.True(AdapterFiles.MaxDifference(padded, mixed) <= 1e-5, $"batch 4 and 2 × 2 differ by {AdapterFiles.MaxDifference(padded, mixed)}");
        // The comparison can tell runs apart: another seed, so another data order, ends elsewhere.
        Assert.True(AdapterFiles.MaxDifference(padded, otherOrder) > 1e-3);
    }

    [Fact]
    public void The_held_out_loss_is_the_mean_negative_log_likelihood_of_the_target_tokens_alone()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var examples = SyntheticJudgingTask.Examples(5, seed: 6);

        var metrics = HeldOutEvaluator.Evaluate(model, examples, SyntheticJudgingTask.Verdicts, batchSize: 3, TestContext.Current.CancellationToken);

        // The oracle: each example alone, unpadded, log-softmax by hand in double over the positions before each target token.
        var (sum, count, correct) = (0.0, 0, 0);
        foreach (var example in examples)
        {
            var sequence = example.PromptIds.Concat(example.TargetIds).Select(i => (long)i).ToArray();
            using var _ = TorchSharp.torch.no_grad();
            using var logits = model.call(TorchSharp.torch.tensor(sequence).unsqueeze(0));
            var values = logits[0].data<float>().ToArray();
            var vocabulary = (int)logits.shape[2];
            for (var j = 0; j < example.TargetIds.Length; j++)
            {
                var row = values.AsSpan((example.PromptIds.Length + j - 1) * vocabulary, vocabulary);
                var max = row.ToArray().Max();
                var logSum = max + Math.Log(row.ToArray().Sum(v => Math.Exp(v - max)));
                sum += logSum - row[example.TargetIds[j]];
                count++;
            }
            var scoreRow = values.AsSpan((example.PromptIds.Length + 5 - 1) * vocabulary, vocabulary).ToArray();
            var predicted = SyntheticJudgingTask.ScoreIds.Select((id, s) => (Logit: scoreRow[id], Score: s + 1)).MaxBy(p => p.Logit).Score;
            correct += predicted == SyntheticJudgingTask.Score(example) ? 1 : 0;
        }
        Assert.Equal(sum / count, metrics.Loss, 1e-4);
        Assert.Equal(5, metrics.VerdictsScored);
        Assert.Equal((double)correct / 5, metrics.VerdictAccuracy);
    }

    [Fact]
    public void An_example_longer_than_the_maximum_or_with_an_id_outside_the_vocabulary_is_refused_before_training()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var output = Path.Combine(checkpoint.Directory, "adapter");
        var examples = SyntheticJudgingTask.Examples(4, seed: 7);
        var tooLong = new LoraTrainer(Short with { MaxLength = examples.Min(e => e.Length) });
        var outside = examples.Append(new TokenizedExample([1, 2], [300])).ToList();

        var length = Assert.Throws<ArgumentException>(() => tooLong.Train(model, examples, output, cancellationToken: TestContext.Current.CancellationToken));
        var vocabulary = Assert.Throws<ArgumentException>(() => new LoraTrainer(Short).Train(model, outside, output, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("maximum length", length.Message, StringComparison.Ordinal);
        Assert.Contains("Example 4 has token id 300", vocabulary.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private static string Adapter(TinyCheckpoint checkpoint, List<TokenizedExample> examples, LoraTrainingOptions options, string name)
    {
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var output = Path.Combine(checkpoint.Directory, name);
        new LoraTrainer(options).Train(model, examples, output, cancellationToken: TestContext.Current.CancellationToken);
        return Path.Combine(output, PeftAdapterWriter.WeightsFileName);
    }
}
