using TorchSharp;
using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using KoJudge.Training.Tests.Support;
using KoJudge.Training.Training;
using static TorchSharp.torch;

namespace KoJudge.Training.Tests.Training;

public sealed class TrainingPrecisionAndDeviceTests(ITestOutputHelper output)
{
    [Fact]
    public void A_bf16_forward_pass_gives_the_f32_logits_to_within_bf16s_rounding()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        model.eval();
        var tokens = TinyCheckpoint.Tokens(64);
        using var _ = no_grad();
        using var input = tensor(tokens).unsqueeze(0);
        using var f32 = model.call(input);
        model.to(ScalarType.BFloat16);
        using var bf16 = model.call(input);

        Assert.Equal(ScalarType.BFloat16, bf16.dtype);
        using var widened = bf16.to(ScalarType.Float32);
        var difference = (widened - f32).abs().max().item<float>();
        var scale = f32.abs().max().item<float>();
        var agree = (widened.argmax(-1) == f32.argmax(-1)).to(ScalarType.Float32).mean().item<float>();
        output.WriteLine($"max |bf16 - f32| logit {difference:F4} with logits up to {scale:F3} ({difference / scale:P2}); argmax agrees at {agree:P0} of {tokens.Length} positions");
        // bf16 keeps 8 significant bits: each rounding errs by up to 2^-9 of its value, and a logit is the end of 2 layers
        // of sums over 64-96 terms, each rounded: 2% of the largest logit is some ten such roundings (0.6% was measured);
        // float32 errs 1e-6.
        Assert.True(difference <= 0.02 * scale, $"bf16 logits differ by {difference}, more than 2% of the largest logit {scale}.");
        Assert.True(difference > 1e-5, "bf16 and f32 logits are identical: the forward pass did not run in bf16.");
    }

    [Fact]
    public void A_few_bf16_training_steps_lower_the_loss_with_the_adapter_and_its_optimizer_kept_in_f32()
    {
        using var checkpoint = TinyCheckpoint.Create();
        using var model = LlamaForCausalLM.Load(checkpoint.Directory);
        var losses = new List<double>();
        var options = new LoraTrainingOptions
        {
            Lora = new LoraSettings(rank: 4, alpha: 8, dropout: 0.05, LoraSettings.AllProjections),
            Epochs = 3,
            LearningRate = 1e-2,
            WarmupRatio = 0,
            BatchSize = 16,
            GradientAccumulation = 1,
            CheckpointInterval = null,
            Dtype = TrainingDtype.BF16,
        };
        var adapter = Path.Combine(checkpoint.Directory, "adapter");

        var summary = new LoraTrainer(options).Train(model, SyntheticJudgingTask.Examples(64, seed: 6), adapter, progress: new SynchronousProgress<TrainingProgress>(p => losses.Add(p.Loss)), cancellationToken: TestContext.Current.CancellationToken);

        output.WriteLine($"bf16: loss per step {string.Join(", ", losses.Select(l => l.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Equal(TrainingOutcome.Completed, summary.Outcome);
        Assert.Equal(12, losses.Count);
        Assert.True(losses[^1] < 0.8 * losses[0], $"The loss went from {losses[0]} to {losses[^1]}.");
        Assert.Equal(ScalarType.BFloat16, model.Model.Embeddings.weight!.dtype);
        var lora = model.named_parameters().Where(p => p.name.Contains(".lora_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lora);
        Assert.All(lora, p => Assert.Equal(ScalarType.Float32, p.parameter.dtype));
        Assert.All(model.named_parameters().Where(p => !p.name.Contains(".lora_", StringComparison.Ordinal)), p => Assert.Equal(ScalarType.BFloat16, p.parameter.dtype));
    }

    [Fact]
    public void CUDA_on_this_CPU_build_is_refused_on_one_line_before_anything_trains()
    {
        Assert.SkipWhen(cuda.is_available(), "This machine has CUDA; the refusal is for builds without it.");

        var refused = Assert.Throws<TrainingDeviceUnavailableException>(() => new LoraTrainer(new LoraTrainingOptions { Device = "cuda" }));

        output.WriteLine(refused.Message);
        Assert.Equal("cuda", refused.Device);
        Assert.StartsWith("cannot train on cuda: CUDA is not available", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraTrainer(new LoraTrainingOptions { Device = "tpu" }));
        Assert.Equal("cpu", new LoraTrainer(new LoraTrainingOptions()).Options.Device);
    }
}
