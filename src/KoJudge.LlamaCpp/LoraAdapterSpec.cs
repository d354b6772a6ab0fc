using System.Globalization;

namespace KoJudge.LlamaCpp;

/// <summary>A GGUF LoRA adapter and the scale it is applied with (effective scale = scale × alpha / rank).</summary>
public sealed record LoraAdapterSpec(string Path, float Scale = 1f)
{
    /// <summary>Reads <c>adapter.gguf</c> or <c>adapter.gguf:0.5</c>.</summary>
    public static LoraAdapterSpec Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var colon = text.LastIndexOf(':');
        if (colon > 0 && float.TryParse(text[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var scale))
        {
            return new LoraAdapterSpec(text[..colon], scale);
        }
        return new LoraAdapterSpec(text);
    }
}
