using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.TestModels;

/// <summary>The shape of a generated Hugging Face <c>LlamaForCausalLM</c> checkpoint, and the dtype of its weights.</summary>
public sealed record HuggingFaceLlamaSpec(
    int Layers,
    int Hidden,
    int Intermediate,
    int Heads,
    int KvHeads,
    int Vocab,
    bool TieWordEmbeddings,
    ulong Seed,
    SafetensorsDtype Dtype = SafetensorsDtype.F32,
    double RopeTheta = 500000,
    double RmsNormEps = 1e-5,
    int MaxPositionEmbeddings = 131072,
    HuggingFaceRopeScaling? RopeScaling = null)
{
    /// <summary>
    /// Two layers with GQA (4 heads over 2 KV heads) and <c>llama3</c> RoPE scaling whose original context is not the
    /// 8192 a converter might assume, so reading it from the wrong place shows. Its 300 ids hold the tiny byte-level
    /// vocabulary's 293 tokens and 7 of padding, as real checkpoints round their vocabulary up. About 90K parameters.
    /// </summary>
    public static HuggingFaceLlamaSpec Tiny { get; } = new(
        Layers: 2, Hidden: 64, Intermediate: 96, Heads: 4, KvHeads: 2, Vocab: 300, TieWordEmbeddings: false, Seed: 20240708,
        MaxPositionEmbeddings: 2048, RopeScaling: new HuggingFaceRopeScaling(Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 256));

    public int HeadDimension => Hidden / Heads;
}
