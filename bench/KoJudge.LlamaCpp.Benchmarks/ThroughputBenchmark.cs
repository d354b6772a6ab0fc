using System.Diagnostics;
using KoJudge.LlamaCpp.Generation;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace KoJudge.LlamaCpp.Benchmarks;

/// <summary>
/// Measures judging throughput three ways on the same prompts, each generating exactly <c>NewTokens</c> greedy tokens
/// per prompt with no early stop:
/// <list type="bullet">
/// <item><b>naive</b>: the seed's way, one prompt at a time, the whole prompt evaluated each time;</item>
/// <item><b>engine</b>: KoJudge's <see cref="BatchedGenerator"/>, with continuous batching and prefix sharing;</item>
/// <item><b>raw</b>: the ceiling, a bare loop that feeds llama.cpp the same shared prefix, the same prompt suffixes and
/// the same full decode batches, with no scheduling, queue or text handling.</item>
/// </list>
/// </summary>
public static class ThroughputBenchmark
{
    public static async Task<ThroughputReport> RunAsync(
        ThroughputBenchmarkSettings settings, IReadOnlyList<string> renderedPrompts, IProgress<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(renderedPrompts);
        LlamaCppNative.EnsureConfigured();
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(settings.ModelPath) { Threads = settings.Threads });
        var prompts = renderedPrompts.Select(p => weights.Tokenize(p, false, true, System.Text.Encoding.UTF8)).ToArray();
        var longest = prompts.Max(p => p.Length) + settings.NewTokens + 1;
        if (longest > settings.ContextPerSequence)
        {
            throw new ArgumentException($"A prompt and its {settings.NewTokens} new tokens need {longest} tokens; the context per sequence is {settings.ContextPerSequence}.");
        }
        var shared = SharedPrefix(prompts);
        var engineOptions = new LlamaCppEngineOptions(settings.ModelPath)
        {
            Threads = settings.Threads,
            Parallel = settings.Parallel,
            ContextPerSequence = settings.ContextPerSequence,
            BatchSize = settings.BatchSize,
            FlashAttention = settings.FlashAttention,
            // Any head two prompts share is worth sharing here: the raw loop shares all of it.
            MinSharedPrefix = 1,
        };

        var naive = double.MaxValue;
        var engine = double.MaxValue;
        var raw = double.MaxValue;
        for (var round = 1; round <= settings.Rounds; round++)
        {
            raw = Math.Min(raw, Raw(weights, engineOptions, prompts, shared, settings.NewTokens, cancellationToken));
            log?.Report($"round {round}: raw {raw:0.00} s");
            engine = Math.Min(engine, await EngineAsync(weights, engineOptions, prompts, settings.NewTokens, cancellationToken).ConfigureAwait(false));
            log?.Report($"round {round}: engine {engine:0.00} s");
            naive = Math.Min(naive, Naive(weights, settings, prompts, cancellationToken));
            log?.Report($"round {round}: naive {naive:0.00} s");
        }
        return new ThroughputReport(
            prompts.Length,
            (int)Math.Round(prompts.Average(p => p.Length)),
            shared,
            settings.NewTokens,
            Math.Round(naive, 3),
            Math.Round(engine, 3),
            Math.Round(raw, 3),
            settings.Threads,
            settings.Parallel,
            settings.FlashAttention switch { true => "on", false => "off", null => "auto" },
            settings.Rounds,
            Path.GetFileName(settings.ModelPath),
            (long)weights.ParameterCount);
    }

    private static async Task<double> EngineAsync(LLamaWeights weights, LlamaCppEngineOptions options, LLamaToken[][] prompts, int newTokens, CancellationToken cancellationToken)
    {
        await using var generator = new BatchedGenerator(weights, options, []);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(prompts.Select(p => generator.GenerateAsync(
            new GenerationRequest(p) { MaxTokens = newTokens, IgnoreEndOfGeneration = true }, cancellationToken))).ConfigureAwait(false);
        return clock.Elapsed.TotalSeconds;
    }

    private static double Naive(LLamaWeights weights, ThroughputBenchmarkSettings settings, LLamaToken[][] prompts, CancellationToken cancellationToken)
    {
        using var context = weights.CreateContext(ContextParameters.Create(settings.ModelPath, settings.ContextPerSequence, sequences: 1, settings.BatchSize, settings.Threads, settings.FlashAttention));
        var batch = new LLamaBatch();
        var clock = Stopwatch.StartNew();
        foreach (var prompt in prompts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.NativeHandle.MemoryClear();
            using var sampler = new GreedySamplingPipeline();
            var logits = Prefill(context, batch, prompt, 0, LLamaSeqId.Zero, settings.BatchSize);
            var position = prompt.Length;
            var token = sampler.Sample(context.NativeHandle, logits);
            for (var step = 1; step < settings.NewTokens; step++)
            {
                batch.Clear();
                batch.Add(token, position++, LLamaSeqId.Zero, true);
                context.DecodeOrThrow(batch);
                token = sampler.Sample(context.NativeHandle, 0);
            }
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static double Raw(LLamaWeights weights, LlamaCppEngineOptions options, LLamaToken[][] prompts, int shared, int newTokens, CancellationToken cancellationToken)
    {
        var parallel = options.Parallel;
        using var context = weights.CreateContext(ContextParameters.Create(options.ModelPath, options.ContextPerSequence, parallel + 1, options.BatchSize, options.Threads, options.FlashAttention));
        var batch = new LLamaBatch();
        var clock = Stopwatch.StartNew();
        if (shared > 0)
        {
            Prefill(context, batch, prompts[0], 0, LLamaSeqId.Zero, options.BatchSize, count: shared, wantLogits: false);
        }
        for (var wave = 0; wave < prompts.Length; wave += parallel)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = prompts.Skip(wave).Take(parallel).ToArray();
            var samplers = members.Select(_ => new GreedySamplingPipeline()).ToArray();
            var tokens = new LLamaToken[members.Length];
            var positions = new int[members.Length];
            for (var i = 0; i < members.Length; i++)
            {
                var sequence = (LLamaSeqId)(i + 1);
                context.NativeHandle.MemorySequenceRemove(sequence, -1, -1);
                if (shared > 0)
                {
                    context.NativeHandle.MemorySequenceCopy(LLamaSeqId.Zero, sequence, -1, -1);
                }
                var logits = Prefill(context, batch, members[i], shared, sequence, options.BatchSize);
                tokens[i] = samplers[i].Sample(context.NativeHandle, logits);
                positions[i] = members[i].Length;
            }
            for (var step = 1; step < newTokens; step++)
            {
                batch.Clear();
                for (var i = 0; i < members.Length; i++)
                {
                    batch.Add(tokens[i], positions[i]++, (LLamaSeqId)(i + 1), true);
                }
                context.DecodeOrThrow(batch);
                for (var i = 0; i < members.Length; i++)
                {
                    tokens[i] = samplers[i].Sample(context.NativeHandle, i);
                }
            }
            foreach (var sampler in samplers)
            {
                sampler.Dispose();
            }
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Feeds <paramref name="prompt"/> from <paramref name="start"/> in chunks and returns where the last token's logits are.</summary>
    private static int Prefill(LLamaContext context, LLamaBatch batch, LLamaToken[] prompt, int start, LLamaSeqId sequence, int batchSize, int? count = null, bool wantLogits = true)
    {
        var end = count ?? prompt.Length;
        var logits = -1;
        for (var chunk = start; chunk < end; chunk += batchSize)
        {
            batch.Clear();
            var length = Math.Min(batchSize, end - chunk);
            for (var i = 0; i < length; i++)
            {
                var last = wantLogits && chunk + i == end - 1;
                var at = batch.Add(prompt[chunk + i], chunk + i, sequence, last);
                if (last)
                {
                    logits = at;
                }
            }
            context.DecodeOrThrow(batch);
        }
        return logits;
    }

    /// <summary>The head every prompt shares, leaving each at least its last token to feed.</summary>
    private static int SharedPrefix(LLamaToken[][] prompts)
    {
        var length = prompts.Min(p => p.Length) - 1;
        for (var i = 0; i < length; i++)
        {
            if (prompts.Any(p => p[i] != prompts[0][i]))
            {
                return i;
            }
        }
        return length;
    }
}
