using LLama.Native;
using LLama.Sampling;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>
/// Which sampler a reply gets: greedy where it asks for neither temperature nor a verdict; otherwise llama.cpp's default
/// pipeline, under the verdict grammar with invalid UTF-8 bytes banned where the verdict is constrained; and, once a
/// constrained reply runs out of room for free text, the closing grammar, so every constrained reply keeps its verdict.
/// </summary>
internal sealed class VerdictSamplingPolicy(SafeLlamaModelHandle model)
{
    // The grammar lets the model spell the marker in any tokens, down to one byte each: reserve the worst case.
    private static readonly int ClosingReserve = System.Text.Encoding.UTF8.GetByteCount(VerdictGrammar.Marker + "1") + 1;

    // Scanning the vocabulary takes a while, and only constrained replies need it.
    private IReadOnlyDictionary<LLamaToken, float>? bannedBytes;

    public ISamplingPipeline CreateSampler(GenerationRequest request) => CreateSampler(request, closing: false);

    /// <summary>
    /// Switches a constrained reply that has <paramref name="remaining"/> tokens left, too few for more free text, to
    /// the closing grammar; a reply that has started its marker already is left to finish it.
    /// </summary>
    public void CloseIfOutOfRoom(ActiveSequence sequence, int remaining)
    {
        if (sequence.Request.ConstrainVerdict && !sequence.Closing && remaining <= ClosingReserve && !sequence.Text.Contains('[', StringComparison.Ordinal))
        {
            sequence.Sampler.Dispose();
            sequence.Sampler = CreateSampler(sequence.Request, closing: true);
            sequence.Closing = true;
        }
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
            LogitBias = request.ConstrainVerdict ? bannedBytes ??= VerdictGrammar.BanInvalidUtf8Bytes(model) : new Dictionary<LLamaToken, float>(),
        };
    }
}
