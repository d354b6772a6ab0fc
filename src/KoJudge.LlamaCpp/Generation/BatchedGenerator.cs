using System.Threading.Channels;
using LLama;
using LLama.Native;
using LLama.Sampling;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// Continuous batching over one llama.cpp context. Requests queue up; up to <see cref="LlamaCppEngineOptions.Parallel"/>
/// of them hold a sequence each, and every step decodes all of them in one batch: one new token for each sequence that
/// is generating, and prompt chunks for those still reading their prompt. A finished sequence hands its slot to the
/// next request at once.
/// </summary>
/// <remarks>
/// Prefix sharing: the head that consecutive prompts share (the judge's task description) is evaluated once into
/// sequence 0, and each new sequence starts from a copy of it. The KV cache is split per sequence (KVUnified off),
/// where only whole-sequence copies work: copying part of a sequence aborts the process. So sequence 0 holds the
/// prefix alone, is trimmed when a prompt shares less of it, and is copied whole.
/// One thread owns the context; callers only enqueue and await.
/// </remarks>
public sealed class BatchedGenerator : IAsyncDisposable
{
    private static readonly LLamaSeqId PrefixSequence = LLamaSeqId.Zero;

    private readonly LlamaCppEngineOptions options;
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;
    private readonly Channel<PendingGeneration> queue = Channel.CreateUnbounded<PendingGeneration>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread loop;
    private readonly ScoreProbe scoreProbe;
    private readonly LLamaBatch batch = new();
    private readonly ActiveSequence?[] slots;
    private readonly int closingReserve;
    private IReadOnlyDictionary<LLamaToken, float>? bannedBytes;
    private LLamaToken[] prefixTokens = [];
    private IReadOnlyList<LLamaToken> lastPrompt = [];

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
        scoreProbe = new ScoreProbe(text => Tokenize(text, addBos: false));
        // The grammar lets the model spell the marker in any tokens, down to one byte each: reserve the worst case.
        closingReserve = System.Text.Encoding.UTF8.GetByteCount(VerdictGrammar.Marker + "1") + 1;
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
                    prefixTokens = [];
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

    private LLamaSeqId SequenceOf(int slot) => (LLamaSeqId)(slot + (options.PrefixSharing ? 1 : 0));

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
        var shared = options.PrefixSharing ? SharePrefix(prompt) : 0;
        context.NativeHandle.MemorySequenceRemove(sequence, -1, -1);
        if (shared > 0)
        {
            context.NativeHandle.MemorySequenceCopy(PrefixSequence, sequence, -1, -1);
        }
        return new ActiveSequence(pending, sequence, shared, new StreamingTokenDecoder(context), CreateSampler(request, closing: false));
    }

    /// <summary>Makes sequence 0 hold a head this prompt shares, and returns its length (0 for none).</summary>
    private int SharePrefix(IReadOnlyList<LLamaToken> prompt)
    {
        // At least the last prompt token is fed by the sequence itself, to get the logits for the first reply token.
        var limit = prompt.Count - 1;
        var withPrefix = CommonPrefix(prefixTokens, prompt, limit);
        if (prefixTokens.Length > 0 && withPrefix >= options.MinSharedPrefix)
        {
            if (withPrefix < prefixTokens.Length)
            {
                context.NativeHandle.MemorySequenceRemove(PrefixSequence, withPrefix, -1);
                prefixTokens = prefixTokens[..withPrefix];
            }
            lastPrompt = prompt;
            return withPrefix;
        }
        var withLast = CommonPrefix(lastPrompt, prompt, limit);
        lastPrompt = prompt;
        if (withLast < options.MinSharedPrefix)
        {
            return 0;
        }
        // A new head: evaluate it once into sequence 0. Sequences copied from the old head keep their own copies.
        context.NativeHandle.MemorySequenceRemove(PrefixSequence, -1, -1);
        prefixTokens = [];
        var head = prompt.Take(withLast).ToArray();
        for (var start = 0; start < head.Length; start += options.BatchSize)
        {
            // A long head takes several decodes; stopping the engine must not wait for all of them.
            stopping.Token.ThrowIfCancellationRequested();
            batch.Clear();
            var count = Math.Min(options.BatchSize, head.Length - start);
            batch.AddRange(head.AsSpan(start, count), start, PrefixSequence, false);
            Decode();
        }
        prefixTokens = head;
        return withLast;
    }

    private static int CommonPrefix(IReadOnlyList<LLamaToken> a, IReadOnlyList<LLamaToken> b, int limit)
    {
        var length = Math.Min(Math.Min(a.Count, b.Count), limit);
        var i = 0;
        while (i < length && a[i] == b[i])
        {
            i++;
        }
        return i;
    }

    private ISamplingPipeline CreateSampler(GenerationRequest request, bool closing)
    {
        if (!request.ConstrainVerdict && request.Temperature <= 0)
        {
            return new GreedySamplingPipeline();
        }
        var grammar = request.ConstrainVerdict ? (closing ? VerdictGrammar.CreateClosing() : VerdictGrammar.Create()) : null;
        return new DefaultSamplingPipeline
        {
            Temperature = Math.Max(0, request.Temperature),
            Seed = request.Seed,
            Grammar = grammar,
            LogitBias = request.ConstrainVerdict ? bannedBytes ??= VerdictGrammar.BanInvalidUtf8Bytes(weights.NativeHandle) : new Dictionary<LLamaToken, float>(),
        };
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
        Decode();
        foreach (var sequence in active.Where(s => s.LogitsIndex >= 0))
        {
            Advance(sequence);
        }
    }

    private void Decode()
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp could not decode a batch of {batch.TokenCount} tokens: {result}.");
        }
    }

    /// <summary>Samples the next token of a sequence whose logits are ready, and ends it where it is done.</summary>
    private void Advance(ActiveSequence sequence)
    {
        var request = sequence.Request;
        if (sequence.ReadScoreNext)
        {
            sequence.ScoreProbabilities = scoreProbe.Read(context.NativeHandle.GetLogitsIth(sequence.LogitsIndex));
            sequence.ReadScoreNext = false;
        }
        if (request.ConstrainVerdict && !sequence.Closing && Remaining(sequence) <= closingReserve && !sequence.Text.Contains('[', StringComparison.Ordinal))
        {
            // Out of room for free text: the reply must now write its verdict.
            sequence.Sampler.Dispose();
            sequence.Sampler = CreateSampler(request, closing: true);
            sequence.Closing = true;
        }
        request.OnLogits?.Invoke(context.NativeHandle.GetLogitsIth(sequence.LogitsIndex).ToArray());
        if (request.ForcedTokens is { } forced && sequence.Generated >= forced.Count)
        {
            Finish(sequence, GenerationFinish.Length);
            return;
        }
        var token = request.ForcedTokens is { } teacher
            ? teacher[sequence.Generated]
            : sequence.Sampler.Sample(context.NativeHandle, sequence.LogitsIndex);
        if (!request.IgnoreEndOfGeneration && request.ForcedTokens is null && token.IsEndOfGeneration(weights.NativeHandle.Vocab))
        {
            Finish(sequence, GenerationFinish.Stop);
            return;
        }
        if (request.TopLogprobs > 0)
        {
            (sequence.TokenLogprobs ??= []).Add(TokenLogprob(context.NativeHandle.GetLogitsIth(sequence.LogitsIndex), token, request.TopLogprobs));
        }
        sequence.Generated++;
        sequence.PendingToken = token;
        sequence.Decoder.Add(token);
        var piece = sequence.Decoder.Read();
        if (piece.Length > 0)
        {
            var before = sequence.TextLength;
            sequence.Append(piece);
            if (!request.IgnoreEndOfGeneration && StopAt(sequence, before) is { } stop)
            {
                sequence.TruncateText(stop);
                Emit(sequence, before, stop);
                Finish(sequence, GenerationFinish.Stop);
                return;
            }
            Emit(sequence, before, sequence.TextLength);
            sequence.ReadScoreNext = scoreProbe.ScoreComesNext(sequence.Text);
        }
        if (Remaining(sequence) <= 0)
        {
            Finish(sequence, GenerationFinish.Length);
        }
    }

    /// <summary>The chosen token's log-probability and the top alternatives, from the raw logits (before any grammar).</summary>
    private KoJudge.Judging.TokenLogprob TokenLogprob(Span<float> logits, LLamaToken chosen, int top)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }
        var logZ = max + Math.Log(sum);
        var best = new List<(int Id, float Logit)>(top + 1);
        for (var id = 0; id < logits.Length; id++)
        {
            var logit = logits[id];
            if (best.Count < top || logit > best[^1].Logit)
            {
                var at = best.FindIndex(b => b.Logit < logit);
                best.Insert(at < 0 ? best.Count : at, (id, logit));
                if (best.Count > top)
                {
                    best.RemoveAt(best.Count - 1);
                }
            }
        }
        return new KoJudge.Judging.TokenLogprob(
            TokenText((LLamaToken)(int)chosen),
            logits[(int)chosen] - logZ,
            best.Select(b => (TokenText((LLamaToken)b.Id), (double)(b.Logit - logZ))).ToArray());
    }

    private string TokenText(LLamaToken token)
    {
        Span<byte> bytes = stackalloc byte[64];
        var length = (int)weights.NativeHandle.TokenToSpan(token, bytes);
        return System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(length, bytes.Length)]);
    }

    private int Remaining(ActiveSequence sequence) =>
        Math.Min(sequence.Request.MaxTokens - sequence.Generated, options.ContextPerSequence - sequence.Position - 1);

    private static int? StopAt(ActiveSequence sequence, int newTextStart)
    {
        var text = sequence.Text;
        int? earliest = null;
        foreach (var stop in sequence.Request.StopSequences)
        {
            if (stop.Length == 0)
            {
                continue;
            }
            var from = Math.Max(0, newTextStart - stop.Length + 1);
            var at = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (earliest is null || at < earliest))
            {
                earliest = at;
            }
        }
        return earliest;
    }

    private static void Emit(ActiveSequence sequence, int from, int to)
    {
        if (to > from && sequence.Request.OnText is { } onText)
        {
            onText(sequence.Text[from..to]);
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
