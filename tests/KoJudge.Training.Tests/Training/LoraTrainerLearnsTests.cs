using System.Diagnostics;
using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using KoJudge.Training.Training;

namespace KoJudge.Training.Tests.Training;

public sealed class LoraTrainerLearnsTests
{
    [Fact]
    public void Training_on_a_rule_the_base_does_not_know_takes_held_out_verdict_accuracy_from_chance_to_at_least_90_percent()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var train = SyntheticJudgingTask.Examples(640, seed: 1);
        var heldOut = SyntheticJudgingTask.Examples(200, seed: 2);
        var output = Path.Combine(checkpoint.Directory, "adapter");
        var options = new LoraTrainingOptions
        {
            Lora = new LoraSettings(rank: 8, alpha: 16, dropout: 0.05, LoraSettings.AllProjections),
            Epochs = 8,
            LearningRate = 1e-2,
            BatchSize = 16,
            GradientAccumulation = 1,
            CheckpointInterval = null,
        };
        var before = HeldOutEvaluator.Evaluate(model, heldOut, SyntheticJudgingTask.Verdicts, cancellationToken: TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        var summary = new LoraTrainer(options).Train(model, train, output, heldOut, SyntheticJudgingTask.Verdicts, cancellationToken: TestContext.Current.CancellationToken);
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"accuracy {before.VerdictAccuracy:P1} -> {summary.Evaluation?.VerdictAccuracy:P1}, eval loss {before.Loss:F3} -> {summary.Evaluation?.Loss:F3}, final train loss {summary.FinalLoss:F3}, "
            + $"{summary.Steps} steps, {summary.Tokens} tokens in {summary.Seconds:F1} s ({summary.TokensPerSecond:F0} tokens/s), wall {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(TrainingOutcome.Completed, summary.Outcome);
        Assert.Equal(heldOut.Count, before.VerdictsScored);
        Assert.InRange(before.VerdictAccuracy!.Value, 0, 0.4);
        Assert.Equal(heldOut.Count, summary.Evaluation!.VerdictsScored);
        Assert.InRange(summary.Evaluation.VerdictAccuracy!.Value, 0.9, 1);
        Assert.True(File.Exists(Path.Combine(output, PeftAdapterWriter.WeightsFileName)));
    }
}
