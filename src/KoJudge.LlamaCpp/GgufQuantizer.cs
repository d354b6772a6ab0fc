using LLama;
using LLama.Native;

namespace KoJudge.LlamaCpp;

/// <summary>
/// Quantises a GGUF model through llama.cpp's own quantiser (<c>llama_model_quantize</c>, which the native library
/// LLamaSharp ships exports), so no quantisation format is re-implemented here.
/// </summary>
public static class GgufQuantizer
{
    /// <summary>The quantised types offered, by the names llama.cpp's <c>llama-quantize</c> gives them.</summary>
    public static IReadOnlyDictionary<string, LLamaFtype> Types { get; } = new Dictionary<string, LLamaFtype>(StringComparer.Ordinal)
    {
        ["q8_0"] = LLamaFtype.MOSTLY_Q8_0,
        ["q4_k_m"] = LLamaFtype.MOSTLY_Q4_K_M,
    };

    /// <summary>Quantises <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidDataException">llama.cpp refused; the message carries its last error.</exception>
    public static void Quantize(string source, string destination, string type, int threads)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!Types.TryGetValue(type, out var ftype))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, $"Not one of {string.Join(", ", Types.Keys)}.");
        }
        LlamaCppNative.EnsureConfigured();
        // LLamaQuantizer calls the native quantiser directly; this loads LLamaSharp's native library first, as loading a model would.
        NativeApi.llama_empty_call();
        if (!LLamaQuantizer.Quantize(source, destination, ftype, threads, allowRequantize: false, quantizeOutputTensor: false))
        {
            throw new InvalidDataException($"{source}: llama.cpp could not quantise it to {type}: {LlamaCppNative.TakeRecentErrors()}");
        }
    }
}
