using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KoJudge.Judging;
using KoJudge.LlamaCpp.Generation;
using Microsoft.Extensions.AI;

namespace KoJudge.LlamaCpp;

/// <summary>
/// The in-process engine as an <see cref="IChatClient"/>: the conversation is rendered with the model's chat template,
/// queued on the batched generator, and answered with the reply, its finish reason, its token counts and,
/// where the reply wrote a verdict, a <see cref="ScoreDistributionContent"/>. Concurrent calls share the batch.
/// </summary>
public sealed class LlamaCppChatClient(LlamaCppEngine engine) : IChatClient
{
    private const int DefaultMaxTokens = 512;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await engine.Generator.GenerateAsync(CreateRequest(messages, options, onText: null), cancellationToken).ConfigureAwait(false);
        var message = new ChatMessage(ChatRole.Assistant, result.Text);
        if (result.ScoreProbabilities is { } probabilities)
        {
            message.Contents.Add(new ScoreDistributionContent(probabilities));
        }
        if (result.TokenLogprobs is { } logprobs)
        {
            message.Contents.Add(new TokenLogprobsContent(logprobs));
        }
        return new ChatResponse(message)
        {
            FinishReason = FinishReasonOf(result),
            ModelId = engine.ModelId,
            Usage = new UsageDetails { InputTokenCount = result.PromptTokens, OutputTokenCount = result.CompletionTokens, TotalTokenCount = result.PromptTokens + result.CompletionTokens },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var generation = engine.Generator.GenerateAsync(CreateRequest(messages, options, piece => pieces.Writer.TryWrite(piece)), cancellationToken);
        _ = generation.ContinueWith(t => pieces.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = engine.ModelId };
        }
        var result = await generation.ConfigureAwait(false);
        var final = new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = FinishReasonOf(result), ModelId = engine.ModelId };
        if (result.ScoreProbabilities is { } probabilities)
        {
            final.Contents.Add(new ScoreDistributionContent(probabilities));
        }
        if (result.TokenLogprobs is { } logprobs)
        {
            // The pieces above are text held back around stop sequences, not tokens, so the tokens come at the end.
            final.Contents.Add(new TokenLogprobsContent(logprobs));
        }
        final.Contents.Add(new UsageContent(new UsageDetails { InputTokenCount = result.PromptTokens, OutputTokenCount = result.CompletionTokens }));
        yield return final;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("llama.cpp", null, engine.ModelId)
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(engine) ? engine
            : null;
    }

    public void Dispose()
    {
        // The engine owns the model and outlives its clients.
    }

    private GenerationRequest CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, Action<string>? onText) =>
        new(engine.TokenizePrompt(engine.RenderPrompt(messages)))
        {
            MaxTokens = options?.MaxOutputTokens ?? DefaultMaxTokens,
            Temperature = options?.Temperature ?? 0f,
            Seed = unchecked((uint)(options?.Seed ?? 0)),
            StopSequences = options?.StopSequences?.ToArray() ?? [],
            ConstrainVerdict = engine.Options.ConstrainVerdict,
            OnText = onText,
            TopLogprobs = options?.AdditionalProperties?.TryGetValue(TokenLogprobsContent.TopLogprobsOption, out int top) == true ? top : 0,
        };

    private static ChatFinishReason FinishReasonOf(GenerationResult result) =>
        result.Finish == GenerationFinish.Length ? ChatFinishReason.Length : ChatFinishReason.Stop;
}
