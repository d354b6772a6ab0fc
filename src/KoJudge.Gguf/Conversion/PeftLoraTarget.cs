using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// One adapted projection of one layer: its PEFT module name (<c>model.layers.3.self_attn.q_proj</c>), its A
/// <c>(rank, inputs)</c> and B <c>(outputs, rank)</c> tensors, and the factor B is multiplied by so that llama.cpp's
/// single alpha gives this module PEFT's own scale.
/// </summary>
internal sealed record PeftLoraTarget(int Layer, string Projection, string Module, SafetensorsTensor A, SafetensorsTensor B, double BFactor)
{
    public int Rank => (int)A.Shape[0];

    public long Inputs => A.Shape[1];

    public long Outputs => B.Shape[0];

    /// <summary>llama.cpp's name of the base weight, e.g. <c>blk.3.attn_q.weight</c>.</summary>
    public string GgufName => LlamaTensorNames.Layer(Layer, LlamaTensorNames.Projections[Projection]);
}
