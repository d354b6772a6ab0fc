using System.Diagnostics;
using KoJudge.Training.Lora;
using KoJudge.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KoJudge.Training.Training;

/// <summary>
/// LoRA supervised fine-tuning: cross-entropy over the target tokens, AdamW over the LoRA weights alone, warm-up then
/// cosine decay, gradient accumulation and clipping, checkpoints to resume from, and a PEFT adapter at the end.
/// </summary>
/// <remarks>
/// A run is a function of its options' seed: epoch e's data order is drawn from (seed, e) and step k's dropout masks
/// from (seed, k), so a run resumed from step k goes on exactly as the uninterrupted one. The loss of a step is the
/// mean over all its target tokens, however they are split into batches (transformers' fixed accumulation), so batch
/// 4 and batch 1 with 4 accumulated take the same step.
/// </remarks>
public sealed class LoraTrainer
{
    private readonly LoraTrainingOptions options;
    private readonly Device device;

    /// <exception cref="TrainingDeviceUnavailableException">The options ask for CUDA, which libtorch has none of here.</exception>
    public LoraTrainer(LoraTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        device = options.TorchDevice();
        this.options = options;
    }

    public LoraTrainingOptions Options => options;

    /// <summary>
    /// The step of the checkpoint a run into <paramref name="outputDirectory"/> would resume from, or null where it
    /// would start afresh, so a caller can say so before the model loads.
    /// </summary>
    public static int? ResumableStep(string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);
        return TrainingCheckpoint.LatestStep(outputDirectory);
    }

    /// <summary>Optimizer steps a run over <paramref name="examples"/> examples takes.</summary>
    public int TotalSteps(int examples) => options.Epochs * StepsPerEpoch(examples);

    /// <summary>
    /// Moves <paramref name="model"/> (loaded frozen, without LoRA) to the options' device and dtype, attaches LoRA, resumes from the latest checkpoint in
    /// <paramref name="outputDirectory"/> if there is one, trains, and writes the PEFT adapter there. Cancellation
    /// stops after the current step and writes a checkpoint of it instead.
    /// </summary>
    /// <exception cref="ArgumentException">An example is empty, too long or has an id outside the vocabulary.</exception>
    /// <exception cref="InvalidDataException">The output's checkpoint belongs to another run (seed, data size or steps).</exception>
    public TrainingSummary Train(
        LlamaForCausalLM model,
        IReadOnlyList<TokenizedExample> examples,
        string outputDirectory,
        IReadOnlyList<TokenizedExample>? evaluation = null,
        IVerdictReader? verdicts = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        Check(examples, nameof(examples), model.Config.Vocab);
        if (evaluation is { Count: > 0 })
        {
            Check(evaluation, nameof(evaluation), model.Config.Vocab);
        }
        Directory.CreateDirectory(outputDirectory);

        manual_seed(options.Seed);
        // The base goes to the run's device and dtype before LoRA is attached; the adapter is made float32 beside it.
        if (model.Device.type != device.type)
        {
            model.to(device);
        }
        if (model.Model.Embeddings.weight!.dtype != options.TorchDtype())
        {
            model.to(options.TorchDtype());
        }
        model.Model.GradientCheckpointing = options.GradientCheckpointing;
        var adapters = model.AttachLora(options.Lora);
        var parameters = adapters.SelectMany(a => new[] { a.Module.A, a.Module.B }).ToList();
        using var optimizer = optim.AdamW(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
        var (stepsPerEpoch, totalSteps) = (StepsPerEpoch(examples.Count), TotalSteps(examples.Count));
        var schedule = WarmupCosineSchedule.FromRatio(options.LearningRate, totalSteps, options.WarmupRatio);

        var state = new CheckpointState(0, totalSteps, options.Seed, examples.Count, 0, 0, 0, null);
        int? resumedFrom = null;
        string? checkpoint = TrainingCheckpoint.Latest(outputDirectory);
        if (checkpoint is not null)
        {
            state = TrainingCheckpoint.Load(checkpoint, adapters, optimizer);
            if (state.Seed != options.Seed || state.Examples != examples.Count || state.TotalSteps != totalSteps)
            {
                throw new InvalidDataException($"{checkpoint} is of a run with seed {state.Seed}, {state.Examples} examples and {state.TotalSteps} steps, not {options.Seed}, {examples.Count} and {totalSteps}; train into another output.");
            }
            resumedFrom = state.Step;
        }

        var clock = Stopwatch.StartNew();
        var (sessionTokens, sessionSteps, startSeconds) = (0L, 0, state.Seconds);
        var evaluated = (EvaluationMetrics?)null;
        int[]? order = null;
        var orderEpoch = -1;
        var groupSize = options.BatchSize * options.GradientAccumulation;
        while (state.Step < totalSteps)
        {
            var epoch = state.Step / stepsPerEpoch;
            if (epoch != orderEpoch)
            {
                (order, orderEpoch) = (Order(examples.Count, epoch), epoch);
            }
            var start = state.Step % stepsPerEpoch * groupSize;
            var group = order!.Skip(start).Take(groupSize).Select(i => examples[i]).ToList();
            if (RunStep(model, optimizer, parameters, group, schedule.LearningRate(state.Step), state.Step, cancellationToken) is not { } step)
            {
                break;
            }
            sessionTokens += step.Tokens;
            sessionSteps++;
            var seconds = startSeconds + clock.Elapsed.TotalSeconds;
            state = state with { Step = state.Step + 1, Tokens = state.Tokens + step.Tokens, TargetTokens = state.TargetTokens + step.TargetTokens, Seconds = seconds, LastLoss = step.Loss };
            var isEvaluationStep = options.EvaluationInterval is { } every && state.Step % every == 0 && state.Step < totalSteps;
            EvaluationMetrics? metrics = null;
            if (isEvaluationStep && evaluation is { Count: > 0 })
            {
                try
                {
                    metrics = HeldOutEvaluator.Evaluate(model, evaluation, verdicts, options.EvaluationBatchSize, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Cancelled while evaluating: the step itself is done, and the next one's cancellation check saves it.
                }
            }
            var pace = clock.Elapsed / sessionSteps;
            progress?.Report(new TrainingProgress(
                state.Step, totalSteps, epoch, step.Loss, step.LearningRate, sessionTokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
                TimeSpan.FromSeconds(state.Seconds), pace * (totalSteps - state.Step), metrics));
            if (options.CheckpointInterval is { } interval && state.Step % interval == 0 && state.Step < totalSteps)
            {
                checkpoint = TrainingCheckpoint.Save(outputDirectory, state, adapters, options.Lora, optimizer);
            }
        }

        var outcome = state.Step < totalSteps ? TrainingOutcome.Cancelled : TrainingOutcome.Completed;
        state = state with { Seconds = startSeconds + clock.Elapsed.TotalSeconds };
        string? adapter = null;
        if (outcome == TrainingOutcome.Cancelled)
        {
            if (checkpoint is null || !checkpoint.EndsWith("-" + state.Step, StringComparison.Ordinal))
            {
                checkpoint = TrainingCheckpoint.Save(outputDirectory, state, adapters, options.Lora, optimizer);
            }
        }
        else
        {
            if (evaluation is { Count: > 0 })
            {
                evaluated = HeldOutEvaluator.Evaluate(model, evaluation, verdicts, options.EvaluationBatchSize, CancellationToken.None);
            }
            PeftAdapterWriter.Write(outputDirectory, adapters, options.Lora, options.BaseModelName);
            adapter = outputDirectory;
        }
        return new TrainingSummary(
            outcome, state.Step, totalSteps, resumedFrom, state.Tokens, state.TargetTokens, state.Seconds,
            state.Tokens / Math.Max(1e-9, state.Seconds), state.LastLoss, evaluated, adapter, checkpoint);
    }

    private int StepsPerEpoch(int examples) => (examples + (options.BatchSize * options.GradientAccumulation) - 1) / (options.BatchSize * options.GradientAccumulation);

    // One optimizer step over the group, or null if cancellation came before it finished (its gradients are dropped).
    private StepResult? RunStep(LlamaForCausalLM model, OptimizerHelper optimizer, IReadOnlyList<Parameter> parameters, IReadOnlyList<TokenizedExample> group, double learningRate, int step, CancellationToken cancellationToken)
    {
        // Dropout draws from libtorch's global generator, seeded per step so a resumed run draws what the uninterrupted one did.
        manual_seed(unchecked((options.Seed * 1_000_003L) + step));
        model.train();
        optimizer.zero_grad();
        var targets = CausalLmBatch.CountTargets(group);
        var (loss, tokens) = (0.0, 0L);
        foreach (var chunk in group.Chunk(options.BatchSize))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            using var scope = NewDisposeScope();
            using var batch = CausalLmBatch.Create(chunk);
            var part = batch.SummedLoss(model.call(batch.Inputs)) / targets;
            part.backward();
            loss += part.item<float>();
            tokens += batch.Tokens;
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        if (options.MaxGradientNorm is { } norm)
        {
            nn.utils.clip_grad_norm_(parameters, norm);
        }
        foreach (var parameterGroup in optimizer.ParamGroups)
        {
            parameterGroup.LearningRate = learningRate;
        }
        optimizer.step();
        return new StepResult(loss, learningRate, tokens, targets);
    }

    private int[] Order(int count, int epoch)
    {
        // System.Random with a seed is the same sequence on every run and platform (unlike HashCode); Shuffle is Fisher–Yates.
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked((options.Seed * 7919) + epoch)).Shuffle(order);
        return order;
    }

    private void Check(IReadOnlyList<TokenizedExample> examples, string name, int vocabulary)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no examples.", name);
        }
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            if (example.PromptIds.Length == 0 || example.TargetIds.Length == 0)
            {
                throw new ArgumentException($"Example {i} has an empty prompt or target.", name);
            }
            if (example.Length > options.MaxLength)
            {
                throw new ArgumentException($"Example {i} is {example.Length} tokens, more than the maximum length {options.MaxLength}.", name);
            }
            foreach (var id in example.PromptIds.Concat(example.TargetIds).Where(id => id < 0 || id >= vocabulary).Take(1))
            {
                throw new ArgumentException($"Example {i} has token id {id}, outside the vocabulary of {vocabulary}.", name);
            }
        }
    }

    private sealed record StepResult(double Loss, double LearningRate, long Tokens, long TargetTokens);
}
