using System.Globalization;
using System.Text.RegularExpressions;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// Hugging Face's names for a <c>LlamaForCausalLM</c>'s weights and llama.cpp's for the same tensors
/// (<c>model.layers.3.self_attn.q_proj.weight</c> is <c>blk.3.attn_q.weight</c>), as llama.cpp's tensor map has them.
/// </summary>
public static partial class LlamaTensorNames
{
    /// <summary>The seven projections of a layer a LoRA adapter may target, by Hugging Face's module name.</summary>
    public static IReadOnlyDictionary<string, string> Projections { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["q_proj"] = "attn_q",
        ["k_proj"] = "attn_k",
        ["v_proj"] = "attn_v",
        ["o_proj"] = "attn_output",
        ["gate_proj"] = "ffn_gate",
        ["up_proj"] = "ffn_up",
        ["down_proj"] = "ffn_down",
    };

    private static readonly Dictionary<string, string> LayerModules = new(StringComparer.Ordinal)
    {
        ["input_layernorm"] = "attn_norm",
        ["post_attention_layernorm"] = "ffn_norm",
        ["self_attn.q_proj"] = "attn_q",
        ["self_attn.k_proj"] = "attn_k",
        ["self_attn.v_proj"] = "attn_v",
        ["self_attn.o_proj"] = "attn_output",
        ["mlp.gate_proj"] = "ffn_gate",
        ["mlp.up_proj"] = "ffn_up",
        ["mlp.down_proj"] = "ffn_down",
    };

    /// <summary>The rows of these are stored in Hugging Face's rotate-half order and must be permuted for llama.cpp.</summary>
    public static bool IsRotary(string ggufName) =>
        ggufName.EndsWith(".attn_q.weight", StringComparison.Ordinal) || ggufName.EndsWith(".attn_k.weight", StringComparison.Ordinal);

    /// <summary>llama.cpp's name for a Hugging Face weight, or null for one a Llama model does not have.</summary>
    public static string? ToGguf(string huggingFaceName)
    {
        ArgumentNullException.ThrowIfNull(huggingFaceName);
        switch (huggingFaceName)
        {
            case "model.embed_tokens.weight":
                return "token_embd.weight";
            case "model.norm.weight":
                return "output_norm.weight";
            case "lm_head.weight":
                return "output.weight";
        }
        var match = LayerWeight().Match(huggingFaceName);
        return match.Success && LayerModules.TryGetValue(match.Groups["module"].Value, out var module)
            ? Layer(int.Parse(match.Groups["layer"].ValueSpan, CultureInfo.InvariantCulture), module)
            : null;
    }

    /// <summary>The name of layer <paramref name="layer"/>'s tensor <paramref name="module"/>, e.g. <c>blk.0.attn_q.weight</c>.</summary>
    public static string Layer(int layer, string module) => string.Create(CultureInfo.InvariantCulture, $"blk.{layer}.{module}.weight");

    [GeneratedRegex(@"^model\.layers\.(?<layer>0|[1-9][0-9]*)\.(?<module>[a-z_.]+)\.weight$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerWeight();
}
