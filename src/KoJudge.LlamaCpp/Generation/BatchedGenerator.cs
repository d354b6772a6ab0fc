using System.Threading.Channels;
using LLama;
using LLama.Native;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// Continuous batching over one llama.cpp context. Requests queue up; up to <see cref="LlamaCppEngineOptions.Parallel"/>
/// of them hold a sequence each, and every step decodes all of them in one batch: one new token for each sequence that
/// is generating, and prompt chunks for those still reading their prompt. A finished sequence hands its slot to the
/// next request at once.
/// </summary>
/// <remarks>
/// This class schedules: it admits requests to slots, fills each batch and ends requests. The prompt head requests
/// share lives in <see cref="SharedPrefixCache"/>, the choice of sampler in <see cref="VerdictSamplingPolicy"/>, and
/// what happens to one reply once its logits are ready in <see cref="TokenStep"/>.
/// One thread owns the context; callers only enqueue and await.
/// </remarks>
public sealed class BatchedGenerator : IAsyncDisposable
{
    private readonly LlamaCppEngineOptions options;
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;
    private readonly Channel<PendingGeneration> queue = Channel.CreateUnbounded<PendingGeneration>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread loop;
    private readonly LLamaBatch batch = new();
    private readonly ActiveSequence?[] slots;
    private readonly SharedPrefixCache? prefix;
    private readonly VerdictSamplingPolicy sampling;
    private readonly TokenStep step;

    public BatchedGenerator(LLamaWeights weights, LlamaCppEngineOptions options, IReadOnlyList<(LoraAdapter Adapter, float Scale)> loras)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loras);
        this.weights = weights;
        this.options = options;
        var contextParams = ContextParameters.Create(
            options.ModelPath, options.ContextPerSequence, options.SequenceCount, options.BatchSize, options.Threads, options.FlashAttention);
        context = weights.CreateContext(contextParams);
        if (loras.Count > 0)
        {
            context.NativeHandle.SetLoraAdapters(loras.Select(l => (l.Adapter, l.Scale)).ToArray());
        }
        slots = new ActiveSequence?[options.Parallel];
        prefix = options.PrefixSharing ? new SharedPrefixCache(context, options.BatchSize, options.MinSharedPrefix) : null;
        sampling = new VerdictSamplingPolicy(weights.NativeHandle);
        step = new TokenStep(context, weights.NativeHandle, sampling, options.ContextPerSequence);
        loop = new Thread(Run) { IsBackground = true, Name = "KoJudge llama.cpp batch loop" };
        loop.Start();
    }

    /// <summary>The model's vocabulary size, for callers that read logits.</summary>
    public int VocabularySize => weights.NativeHandle.Vocab.Count;

    /// <summary>Tokens each sequence may hold.</summary>
    public int ContextPerSequence => options.ContextPerSequence;

    public LLamaToken[] Tokenize(string text, bool addBos) => context.Tokenize(text, addBos, special: true);

    /// <summary>Queues a request; the task ends with its result, or fails alone if the request cannot be served.</summary>
    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        var pending = new PendingGeneration(request, cancellationToken);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }
        queue.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.Run(loop.Join).ConfigureAwait(false);
        context.Dispose();
        stopping.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (slots.All(s => s is null) && !WaitForWork())
                {
                    break;
                }
                Admit();
                try
                {
                    Step();
                }
                catch (InvalidOperationException e)
                {
                    // A failed decode fails the requests in that batch; the queue goes on with a clean cache.
                    FailActive(e);
                    context.NativeHandle.MemoryClear();
                    prefix?.Forget();
                }
            }
        }
        finally
        {
            FailActive(new OperationCanceledException("The engine stopped."));
            while (queue.Reader.TryRead(out var pending))
            {
                pending.Completion.TrySetCanceled();
            }
        }
    }

    private bool WaitForWork()
    {
        try
        {
            return queue.Reader.WaitToReadAsync(stopping.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Admit()
    {
        for (var slot = 0; slot < slots.Length; slot++)
        {
            while (slots[slot] is null && queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }
                try
                {
                    slots[slot] = Start(pending, SequenceOf(slot));
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled();
                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    pending.Completion.TrySetException(e);
                }
            }
        }
    }

    // Sequence 0 is the shared prefix's, where there is one.
    private LLamaSeqId SequenceOf(int slot) => (LLamaSeqId)(slot + (prefix is null ? 0 : 1));

    private ActiveSequence Start(PendingGeneration pending, LLamaSeqId sequence)
    {
        var request = pending.Request;
        var prompt = request.PromptTokens;
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens.");
        }
        if (prompt.Count + 1 > options.ContextPerSequence)
        {
            throw new PromptTooLongException(prompt.Count, options.ContextPerSequence);
        }
        var shared = prefix?.Share(prompt, stopping.Token) ?? 0;
        context.NativeHandle.MemorySequenceRemove(sequence, -1, -1);
        if (prefix is not null && shared > 0)
        {
            prefix.CopyInto(sequence);
        }
        return new ActiveSequence(pending, sequence, shared, new StreamingTokenDecoder(context), sampling.CreateSampler(request));
    }

    /// <summary>One decode: a token from every generating sequence, then prompt chunks up to the batch size.</summary>
    private void Step()
    {
        batch.Clear();
        var active = slots.Where(s => s is not null).Select(s => s!).ToList();
        foreach (var sequence in active)
        {
            sequence.LogitsIndex = -1;
            if (sequence.Pending.CancellationToken.IsCancellationRequested)
            {
                Finish(sequence, canceled: true);
            }
        }
        active.RemoveAll(s => s.Pending.Completion.Task.IsCompleted);
        foreach (var sequence in active.Where(s => s.Prefilled))
        {
            sequence.LogitsIndex = batch.Add(sequence.PendingToken, sequence.Position++, sequence.Sequence, true);
        }
        var budget = options.BatchSize - batch.TokenCount;
        foreach (var sequence in active.Where(s => !s.Prefilled))
        {
            if (budget <= 0)
            {
                break;
            }
            var prompt = sequence.Request.PromptTokens;
            var count = Math.Min(budget, prompt.Count - sequence.NextPromptToken);
            for (var i = 0; i < count; i++)
            {
                var index = sequence.NextPromptToken + i;
                var last = index == prompt.Count - 1;
                var at = batch.Add(prompt[index], sequence.Position++, sequence.Sequence, last);
                if (last)
                {
                    sequence.LogitsIndex = at;
                }
            }
            sequence.NextPromptToken += count;
            budget -= count;
        }
        if (batch.TokenCount == 0)
        {
            return;
        }
        context.DecodeOrThrow(batch);
        foreach (var sequence in active.Where(s => s.LogitsIndex >= 0))
        {
            if (step.Advance(sequence) is { } finish)
            {
                Finish(sequence, finish);
            }
        }
    }

    private void Finish(ActiveSequence sequence, GenerationFinish finish = GenerationFinish.Stop, bool canceled = false)
    {
        Release(sequence);
        if (canceled)
        {
            sequence.Pending.Completion.TrySetCanceled(sequence.Pending.CancellationToken);
            return;
        }
        sequence.Pending.Completion.TrySetResult(new GenerationResult(
            sequence.Text,
            finish,
            sequence.Request.PromptTokens.Count,
            sequence.Generated,
            sequence.SharedPrefix,
            sequence.ScoreProbabilities,
            sequence.TokenLogprobs));
    }

    private void Release(ActiveSequence sequence)
    {
        var slot = Array.IndexOf(slots, sequence);
        if (slot >= 0)
        {
            slots[slot] = null;
        }
        context.NativeHandle.MemorySequenceRemove(sequence.Sequence, -1, -1);
        sequence.Dispose();
    }

    private void FailActive(Exception error)
    {
        foreach (var sequence in slots.Where(s => s is not null).Select(s => s!).ToList())
        {
            Release(sequence);
            sequence.Pending.Completion.TrySetException(error);
        }
    }
}
