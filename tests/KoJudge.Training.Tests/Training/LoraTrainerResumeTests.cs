using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using KoJudge.Training.Training;

namespace KoJudge.Training.Tests.Training;

public sealed class LoraTrainerResumeTests
{
    // Two epochs of five steps (40 examples, 4 × 2 a step) with dropout on, so order, dropout draws and AdamW's
    // moments all have to come back for a resumed run to end where the uninterrupted one does.
    private static readonly LoraTrainingOptions Options = new()
    {
        Lora = new LoraSettings(rank: 4, alpha: 8, dropout: 0.05, LoraSettings.AllProjections),
        Epochs = 2,
        LearningRate = 1e-2,
        WarmupRatio = 0.2,
        BatchSize = 4,
        GradientAccumulation = 2,
        CheckpointInterval = 3,
        Seed = 7,
    };

    [Fact]
    public void A_run_cancelled_after_step_7_and_resumed_ends_with_the_adapter_of_an_uninterrupted_run()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var examples = SyntheticJudgingTask.Examples(40, seed: 3);
        var uninterrupted = Path.Combine(checkpoint.Directory, "uninterrupted");
        var interrupted = Path.Combine(checkpoint.Directory, "interrupted");
        var whole = Train(checkpoint.Directory, examples, uninterrupted);

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var cancelAfterStep7 = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Step == 7)
            {
                cancellation.Cancel();
            }
        });
        var cancelled = Train(checkpoint.Directory, examples, interrupted, cancelAfterStep7, cancellation.Token);
        Assert.False(File.Exists(Path.Combine(interrupted, PeftAdapterWriter.WeightsFileName)), "A cancelled run wrote a final adapter.");
        // The resumed run replaces checkpoint-7 with later ones; keep its weights to compare with.
        var atStep7 = Path.Combine(checkpoint.Directory, "step-7.safetensors");
        File.Copy(Path.Combine(interrupted, "checkpoint-7", PeftAdapterWriter.WeightsFileName), atStep7);
        var resumed = Train(checkpoint.Directory, examples, interrupted);

        Assert.Equal((TrainingOutcome.Completed, 10), (whole.Outcome, whole.Steps));
        Assert.Equal((TrainingOutcome.Cancelled, 7, (string?)null), (cancelled.Outcome, cancelled.Steps, cancelled.AdapterDirectory));
        Assert.Equal(Path.Combine(interrupted, "checkpoint-7"), cancelled.Checkpoint);
        Assert.Equal((TrainingOutcome.Completed, 10, (int?)7), (resumed.Outcome, resumed.Steps, resumed.ResumedFromStep));
        Assert.Equal(whole.Tokens, resumed.Tokens);
        var difference = AdapterFiles.MaxDifference(Path.Combine(uninterrupted, PeftAdapterWriter.WeightsFileName), Path.Combine(interrupted, PeftAdapterWriter.WeightsFileName));
        TestContext.Current.TestOutputHelper?.WriteLine($"cancelled at 7, resumed: max |difference| {difference:E2}");
        Assert.True(difference <= 1e-5, $"The resumed adapter differs from the uninterrupted one by {difference}.");
        // The steps after the checkpoint moved the weights, so agreeing at the end is more than both stopping at step 7.
        Assert.True(AdapterFiles.MaxDifference(atStep7, Path.Combine(uninterrupted, PeftAdapterWriter.WeightsFileName)) > 1e-3);
    }

    [Fact]
    public void A_run_killed_after_its_step_9_checkpoint_resumes_from_it_and_ends_with_the_uninterrupted_adapter()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var examples = SyntheticJudgingTask.Examples(40, seed: 3);
        var uninterrupted = Path.Combine(checkpoint.Directory, "uninterrupted");
        var killed = Path.Combine(checkpoint.Directory, "killed");
        Train(checkpoint.Directory, examples, uninterrupted);
        // What a kill after step 9 leaves: the periodic checkpoint (steps 3, 6, 9; each replaces the one before) and no adapter.
        Assert.Equal(["checkpoint-9"], Directory.GetDirectories(uninterrupted).Select(Path.GetFileName));
        CopyDirectory(Path.Combine(uninterrupted, "checkpoint-9"), Path.Combine(killed, "checkpoint-9"));

        var resumed = Train(checkpoint.Directory, examples, killed);

        Assert.Equal((TrainingOutcome.Completed, 10, (int?)9), (resumed.Outcome, resumed.Steps, resumed.ResumedFromStep));
        var difference = AdapterFiles.MaxDifference(Path.Combine(uninterrupted, PeftAdapterWriter.WeightsFileName), Path.Combine(killed, PeftAdapterWriter.WeightsFileName));
        Assert.True(difference <= 1e-5, $"The resumed adapter differs from the uninterrupted one by {difference}.");
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_refused_rather_than_resumed()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var output = Path.Combine(checkpoint.Directory, "run");
        Train(checkpoint.Directory, SyntheticJudgingTask.Examples(40, seed: 3), output);

        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var otherSeed = new LoraTrainer(Options with { Seed = 8 });
        var error = Assert.Throws<InvalidDataException>(() => otherSeed.Train(model, SyntheticJudgingTask.Examples(40, seed: 3), output, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("seed 7", error.Message, StringComparison.Ordinal);
    }

    private static TrainingSummary Train(string baseDirectory, List<TokenizedExample> examples, string output, IProgress<TrainingProgress>? progress = null, CancellationToken? cancellationToken = null)
    {
        using var model = LlamaForCausalLM.Load(baseDirectory);
        return new LoraTrainer(Options).Train(model, examples, output, progress: progress, cancellationToken: cancellationToken ?? TestContext.Current.CancellationToken);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
