using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;

namespace KoJudge.LlamaCpp.Generation;

/// <summary>One request while it holds a sequence of the shared context: its prompt, what it has written, and its sampler.</summary>
internal sealed class ActiveSequence : IDisposable
{
    private readonly StringBuilder text = new();

    public ActiveSequence(PendingGeneration pending, LLamaSeqId sequence, int sharedPrefix, StreamingTokenDecoder decoder, ISamplingPipeline sampler)
    {
        Pending = pending;
        Sequence = sequence;
        SharedPrefix = sharedPrefix;
        Position = sharedPrefix;
        NextPromptToken = sharedPrefix;
        Decoder = decoder;
        Sampler = sampler;
    }

    public PendingGeneration Pending { get; }

    public GenerationRequest Request => Pending.Request;

    public LLamaSeqId Sequence { get; }

    public int SharedPrefix { get; }

    /// <summary>The position of the next token this sequence feeds.</summary>
    public int Position { get; set; }

    /// <summary>The first prompt token not yet fed; equal to the prompt's length once prefilled.</summary>
    public int NextPromptToken { get; set; }

    public bool Prefilled => NextPromptToken >= Request.PromptTokens.Count;

    /// <summary>The sampled token still to be fed, once generating.</summary>
    public LLamaToken PendingToken { get; set; }

    /// <summary>Where this sequence's logits sit in the last batch, or -1.</summary>
    public int LogitsIndex { get; set; } = -1;

    public int Generated { get; set; }

    public StreamingTokenDecoder Decoder { get; }

    public ISamplingPipeline Sampler { get; set; }

    /// <summary>The constrained reply has been switched to its closing grammar.</summary>
    public bool Closing { get; set; }

    public bool ReadScoreNext { get; set; }

    public IReadOnlyList<double>? ScoreProbabilities { get; set; }

    /// <summary>The tokens' log-probabilities, where the request asked for them.</summary>
    public List<KoJudge.Judging.TokenLogprob>? TokenLogprobs { get; set; }

    public string Text => text.ToString();

    public int TextLength => text.Length;

    public void Append(string piece) => text.Append(piece);

    public void TruncateText(int length) => text.Length = length;

    public void Dispose() => (Sampler as IDisposable)?.Dispose();
}
