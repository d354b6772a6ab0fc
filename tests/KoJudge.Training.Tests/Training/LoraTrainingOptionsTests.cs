using KoJudge.Training.Lora;
using KoJudge.Training.Training;

namespace KoJudge.Training.Tests.Training;

public sealed class LoraTrainingOptionsTests
{
    [Fact]
    public void The_defaults_are_issue_14s()
    {
        var options = new LoraTrainingOptions();

        Assert.Equal((16, 32.0, 0.05), (options.Lora.Rank, options.Lora.Alpha, options.Lora.Dropout));
        Assert.Equal(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], options.Lora.Targets);
        Assert.Equal((1, 2e-4, 0.03), (options.Epochs, options.LearningRate, options.WarmupRatio));
        Assert.Equal((1, 16, 4096, 0), (options.BatchSize, options.GradientAccumulation, options.MaxLength, options.Seed));
        Assert.Equal(("cpu", TrainingDtype.F32, false), (options.Device, options.Dtype, options.GradientCheckpointing));
    }

    [Fact]
    public void A_trainer_refuses_options_that_cannot_train()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraTrainer(new LoraTrainingOptions { GradientAccumulation = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraTrainer(new LoraTrainingOptions { WarmupRatio = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraTrainer(new LoraTrainingOptions { MaxGradientNorm = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraTrainer(new LoraTrainingOptions { Dtype = (TrainingDtype)7 }));
    }
}
