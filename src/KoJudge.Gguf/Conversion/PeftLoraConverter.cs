using System.Globalization;
using System.Text.RegularExpressions;
using KoJudge.Datasets;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// Converts a PEFT LoRA adapter folder (<c>adapter_config.json</c>, <c>adapter_model.safetensors</c>) of a Llama model
/// into a GGUF LoRA adapter that llama.cpp loads over that model: <c>&lt;base&gt;.lora_a [inputs, rank]</c> and
/// <c>&lt;base&gt;.lora_b [rank, outputs]</c> in F32, which llama.cpp applies over a base of any type.
/// </summary>
/// <remarks>
/// Everything is checked before a byte is written: each tensor must be a lora_A or lora_B of a module the config
/// targets, a projection of a layer the base has, with the rank the config gives it and the sizes the base's
/// projection has. The tensors are then read, converted and written one at a time.
/// </remarks>
public static partial class PeftLoraConverter
{
    public const string WeightsFileName = "adapter_model.safetensors";
    private const string PickleFileName = "adapter_model.bin";

    private static readonly List<string> ProjectionOrder = [.. LlamaTensorNames.Projections.Keys];

    /// <summary>Converts the adapter in <paramref name="peftDirectory"/> for a base of <paramref name="baseShape"/>.</summary>
    /// <exception cref="InputFormatException">adapter_config.json or adapter_model.safetensors is missing, or a config field is wrong or not convertible.</exception>
    /// <exception cref="SafetensorsFormatException">adapter_model.safetensors cannot be read, or a tensor in it does not fit the config or the base.</exception>
    public static LoraConversionSummary Convert(string peftDirectory, LlamaAttentionShape baseShape, string outputPath, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(peftDirectory);
        ArgumentNullException.ThrowIfNull(baseShape);
        ArgumentNullException.ThrowIfNull(outputPath);
        var config = PeftAdapterConfig.Read(Path.Combine(peftDirectory, PeftAdapterConfig.FileName));
        var weightsPath = Path.Combine(peftDirectory, WeightsFileName);
        if (!File.Exists(weightsPath))
        {
            throw new InputFormatException(weightsPath, null, null, File.Exists(Path.Combine(peftDirectory, PickleFileName))
                ? $"not found; {PickleFileName} is a pickle, which is not read (save the adapter with safe_serialization=True)"
                : "not found");
        }
        using var weights = SafetensorsFile.Open(weightsPath);
        var targets = Targets(weights, config, baseShape);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"read {weightsPath}: {targets.Count} adapted projections, rank {string.Join("/", targets.Select(t => t.Rank).Distinct())}, alpha {config.Alpha}"));

        var alpha = (float)config.Alpha;
        var gguf = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.type", "adapter")
            .Add("adapter.type", "lora")
            .Add("adapter.lora.alpha", alpha);
        var layers = targets.Select(t => t.Layer).Distinct().Count();
        foreach (var target in targets)
        {
            gguf.AddTensor($"{target.GgufName}.lora_a", [target.Inputs, target.Rank], GgufTensorType.F32, stream => WriteA(stream, weights, target));
            var lastOfLayer = target == targets.Last(t => t.Layer == target.Layer);
            gguf.AddTensor($"{target.GgufName}.lora_b", [target.Rank, target.Outputs], GgufTensorType.F32, stream =>
            {
                WriteB(stream, weights, target, baseShape);
                if (lastOfLayer)
                {
                    progress?.Report(string.Create(CultureInfo.InvariantCulture, $"wrote layer {target.Layer}"));
                }
            });
        }
        gguf.Write(outputPath);
        return new LoraConversionSummary(
            [.. ProjectionOrder.Where(p => targets.Any(t => t.Projection == p))],
            layers,
            [.. targets.Select(t => t.Rank).Distinct().Order()],
            alpha,
            gguf.TensorNames.Count,
            targets.Count(t => t.BFactor != 1));
    }

    private static void WriteA(Stream stream, SafetensorsFile weights, PeftLoraTarget target) =>
        // PEFT's A (rank, inputs) row-major is ggml's [inputs, rank]: the same bytes, widened to F32.
        GgufWriter.WriteFloats(stream, weights.ReadSingles(target.A.Name));

    private static void WriteB(Stream stream, SafetensorsFile weights, PeftLoraTarget target, LlamaAttentionShape baseShape)
    {
        var source = weights.ReadSingles(target.B.Name);
        var heads = target.Projection switch
        {
            "q_proj" => baseShape.Heads,
            "k_proj" => baseShape.KvHeads,
            _ => 0,
        };
        var rank = target.Rank;
        var values = source;
        if (heads > 0)
        {
            // B's rows are the projection's outputs, so they take the rotary order llama.cpp's q and k weights take.
            values = new float[source.Length];
            for (var row = 0L; row < target.Outputs; row++)
            {
                var from = RotaryRowOrder.SourceRow(row, heads, target.Outputs);
                source.AsSpan((int)(from * rank), rank).CopyTo(values.AsSpan((int)(row * rank), rank));
            }
        }
        if (target.BFactor != 1)
        {
            var factor = target.BFactor;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)(values[i] * factor);
            }
        }
        GgufWriter.WriteFloats(stream, values);
    }

    private static List<PeftLoraTarget> Targets(SafetensorsFile weights, PeftAdapterConfig config, LlamaAttentionShape baseShape)
    {
        var found = new Dictionary<string, (SafetensorsTensor? A, SafetensorsTensor? B, int Layer, string Projection)>(StringComparer.Ordinal);
        string? adapterName = null;
        foreach (var tensor in weights.Tensors)
        {
            var (module, matrix, adapter) = ParseName(weights.Path, tensor.Name);
            if (adapterName is not null && adapter != adapterName)
            {
                throw TensorProblem(weights, tensor, $"belongs to adapter '{adapter}', but other tensors to '{adapterName}'; one adapter per file is converted");
            }
            adapterName = adapter;
            if (!config.Targets(module))
            {
                throw TensorProblem(weights, tensor, $"adapts {module}, which {config.File}'s target_modules does not name");
            }
            var (layer, projection) = Locate(weights, baseShape, module, tensor);
            found.TryGetValue(module, out var pair);
            found[module] = matrix == 'A' ? pair with { A = tensor, Layer = layer, Projection = projection } : pair with { B = tensor, Layer = layer, Projection = projection };
        }
        if (found.Count == 0)
        {
            throw new SafetensorsFormatException(weights.Path, "tensors", "holds no lora_A or lora_B weight");
        }
        var targets = new List<PeftLoraTarget>();
        foreach (var (module, (a, b, layer, projection)) in found)
        {
            if (a is null || b is null)
            {
                throw TensorProblem(weights, (a ?? b)!, $"has no lora_{(a is null ? 'A' : 'B')} to pair with");
            }
            targets.Add(Check(weights, config, baseShape, module, layer, projection, a, b));
        }
        return [.. targets.OrderBy(t => t.Layer).ThenBy(t => ProjectionOrder.IndexOf(t.Projection))];
    }

    private static (string Module, char Matrix, string Adapter) ParseName(string file, string name)
    {
        var subject = $"tensor '{name}'";
        if (name.Contains("lora_embedding_", StringComparison.Ordinal))
        {
            throw new SafetensorsFormatException(file, subject, "is an embedding LoRA, which llama.cpp's adapter loader cannot apply");
        }
        if (name.Contains("lora_magnitude_vector", StringComparison.Ordinal))
        {
            throw new SafetensorsFormatException(file, subject, "is a DoRA magnitude, which a GGUF LoRA adapter cannot express");
        }
        var match = LoraWeightName().Match(name);
        if (!match.Success)
        {
            throw new SafetensorsFormatException(file, subject, "is not a lora_A or lora_B weight, so the adapter's config does not explain it");
        }
        // PEFT drops the adapter name when it saves; a file saved by hand may keep it (lora_A.default.weight).
        var adapter = match.Groups["adapter"].Success ? match.Groups["adapter"].Value : "";
        return (match.Groups["module"].Value, match.Groups["matrix"].Value[0], adapter);
    }

    /// <summary>The layer and projection <paramref name="module"/> names, refused unless the base has them.</summary>
    private static (int Layer, string Projection) Locate(SafetensorsFile weights, LlamaAttentionShape baseShape, string module, SafetensorsTensor tensor)
    {
        var match = LayerProjection().Match(module);
        // llama.cpp's name map knows which sub-module each projection lives in, so a q_proj under mlp is not taken for attention's.
        if (!match.Success || !LlamaTensorNames.Projections.ContainsKey(match.Groups["projection"].Value) || LlamaTensorNames.ToGguf(module + ".weight") is null)
        {
            var embedding = module.EndsWith("embed_tokens", StringComparison.Ordinal) || module.EndsWith("lm_head", StringComparison.Ordinal);
            throw TensorProblem(weights, tensor, embedding
                ? $"adapts {module}, the token embedding or output head, which llama.cpp's adapter loader cannot apply a LoRA to"
                : $"adapts {module}, which is not one of a Llama layer's seven projections");
        }
        if (!int.TryParse(match.Groups["layer"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var layer) || layer >= baseShape.Layers)
        {
            throw TensorProblem(weights, tensor, $"adapts layer {match.Groups["layer"].Value}, but the base has {baseShape.Layers} layers (0 to {baseShape.Layers - 1})");
        }
        return (layer, match.Groups["projection"].Value);
    }

    private static PeftLoraTarget Check(
        SafetensorsFile weights, PeftAdapterConfig config, LlamaAttentionShape baseShape, string module, int layer, string projection, SafetensorsTensor a, SafetensorsTensor b)
    {
        if (a.Shape.Count != 2 || b.Shape.Count != 2)
        {
            var bad = a.Shape.Count != 2 ? a : b;
            throw TensorProblem(weights, bad, $"has shape {Show(bad.Shape)}; a LoRA matrix has two dimensions");
        }
        var (rank, rankField) = config.RankOf(module);
        if (a.Shape[0] != rank)
        {
            throw TensorProblem(weights, a, $"has rank {a.Shape[0]} (shape {Show(a.Shape)}), but {config.File}'s {rankField} gives {module} rank {rank}");
        }
        if (b.Shape[1] != rank)
        {
            throw TensorProblem(weights, b, $"has rank {b.Shape[1]} (shape {Show(b.Shape)}), but {config.File}'s {rankField} gives {module} rank {rank}");
        }
        var (inputs, outputs) = BaseSizes(baseShape, projection);
        if (inputs is { } expectedInputs && a.Shape[1] != expectedInputs)
        {
            throw TensorProblem(weights, a, $"has {a.Shape[1]} inputs (shape {Show(a.Shape)}), but the base's {projection} takes {expectedInputs}");
        }
        if (outputs is { } expectedOutputs && b.Shape[0] != expectedOutputs)
        {
            throw TensorProblem(weights, b, $"has {b.Shape[0]} outputs (shape {Show(b.Shape)}), but the base's {projection} gives {expectedOutputs}");
        }
        // llama.cpp scales each B·A by the file's one alpha over that tensor's rank. PEFT's scale is the module's own alpha
        // (alpha_pattern) over its rank, or over √rank with rsLoRA. Multiplying B by their ratio makes llama.cpp's
        // alpha/rank × B equal PEFT's scale × B; where the two agree the ratio is exactly 1 and B is copied untouched.
        var factor = config.AlphaOf(module) / config.Alpha * (config.UseRslora ? Math.Sqrt(rank) : 1);
        if (config.Alpha == 0)
        {
            // With alpha 0 llama.cpp applies B·A unscaled, so B carries the whole of PEFT's scale.
            factor = config.ScaleOf(module, rank);
        }
        return new PeftLoraTarget(layer, projection, module, a, b, factor);
    }

    /// <summary>The inputs and outputs of the base's <paramref name="projection"/>, null where the shape does not give them.</summary>
    private static (long? Inputs, long? Outputs) BaseSizes(LlamaAttentionShape shape, string projection)
    {
        long queries = (long)shape.Heads * shape.HeadDimension;
        long keys = (long)shape.KvHeads * shape.HeadDimension;
        var (hidden, intermediate) = ((long?)shape.Hidden, (long?)shape.Intermediate);
        return projection switch
        {
            "q_proj" => (hidden, queries),
            "k_proj" or "v_proj" => (hidden, keys),
            "o_proj" => (queries, hidden),
            "gate_proj" or "up_proj" => (hidden, intermediate),
            _ => (intermediate, hidden),
        };
    }

    private static SafetensorsFormatException TensorProblem(SafetensorsFile weights, SafetensorsTensor tensor, string problem) =>
        new(weights.Path, $"tensor '{tensor.Name}'", problem);

    private static string Show(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";

    [GeneratedRegex(@"^(?:base_model\.model\.)?(?<module>.+?)\.lora_(?<matrix>[AB])(?:\.(?<adapter>[A-Za-z0-9_\-]+))?\.weight$", RegexOptions.CultureInvariant)]
    private static partial Regex LoraWeightName();

    [GeneratedRegex(@"^model\.layers\.(?<layer>0|[1-9][0-9]*)\.(?:self_attn|mlp)\.(?<projection>[a-z_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerProjection();
}
