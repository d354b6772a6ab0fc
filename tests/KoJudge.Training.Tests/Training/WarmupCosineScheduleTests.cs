using KoJudge.Training.Training;

namespace KoJudge.Training.Tests.Training;

public sealed class WarmupCosineScheduleTests
{
    [Fact]
    public void Warm_up_rises_linearly_and_the_decay_follows_half_a_cosine_to_zero()
    {
        var schedule = new WarmupCosineSchedule(peak: 2e-4, totalSteps: 100, warmupSteps: 10);

        // transformers' lr_lambda, step by step, as the oracle.
        for (var step = 0; step <= 100; step++)
        {
            var expected = step < 10 ? 2e-4 * step / 10 : 2e-4 * 0.5 * (1 + Math.Cos(Math.PI * (step - 10) / 90.0));
            Assert.Equal(expected, schedule.LearningRate(step), 1e-15);
        }
        Assert.Equal(0, schedule.LearningRate(0));
        Assert.Equal(1e-4, schedule.LearningRate(5), 1e-15);
        Assert.Equal(2e-4, schedule.LearningRate(10), 1e-15);
        Assert.Equal(1e-4, schedule.LearningRate(55), 1e-15);
        Assert.Equal(0, schedule.LearningRate(100), 1e-15);
    }

    [Theory]
    [InlineData(100, 0.03, 3)]
    [InlineData(10, 0.03, 1)]
    [InlineData(1000, 0.03, 30)]
    [InlineData(50, 0, 0)]
    public void A_warm_up_ratio_rounds_up_to_whole_steps_as_transformers_does(int total, double ratio, int warmup) =>
        Assert.Equal(warmup, WarmupCosineSchedule.FromRatio(1, total, ratio).WarmupSteps);

    [Fact]
    public void Without_warm_up_the_first_step_has_the_peak_rate() =>
        Assert.Equal(3e-3, new WarmupCosineSchedule(3e-3, totalSteps: 20, warmupSteps: 0).LearningRate(0));
}
