using System.Globalization;
using System.Text.RegularExpressions;
using KoJudge.Datasets;
using KoJudge.Gguf.Safetensors;

namespace KoJudge.Gguf.Conversion;

/// <summary>
/// Converts a Hugging Face <c>LlamaForCausalLM</c> checkpoint folder to a GGUF model that llama.cpp runs: the config as
/// llama.cpp's <c>llama.*</c> keys, the tokenizer as its <c>tokenizer.*</c> keys, every weight under llama.cpp's name with
/// q and k rows in its rotary order, and for <c>llama3</c> RoPE scaling the <c>rope_freqs</c> tensor.
/// </summary>
/// <remarks>
/// Written here because no .NET library converts to GGUF (llama.cpp's converter is Python). Every input is read and
/// checked before the output is opened, and weights are streamed a few rows at a time from the memory-mapped shards to
/// the output, so an 8B checkpoint converts on a machine with less free memory than the model.
/// </remarks>
public static partial class HuggingFaceLlamaConverter
{
    // Values read and written per step: 4 MB of F32, whatever the tensor's size.
    private const int ChunkValues = 1 << 20;

    /// <summary>Converts <paramref name="directory"/> to <paramref name="outputPath"/>, 2-D weights as <paramref name="type"/>.</summary>
    /// <exception cref="InputFormatException">A config or tokenizer file is missing or wrong, or a weight does not fit the config.</exception>
    /// <exception cref="SafetensorsFormatException">A weight file is missing or cannot be read.</exception>
    /// <exception cref="InvalidDataException"><c>tokenizer.json</c> is not a BPE tokenizer with Llama-3's control tokens.</exception>
    public static ModelConversionSummary Convert(string directory, string outputPath, GgufTensorType type, IProgress<ConversionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(outputPath);
        _ = GgufWriter.ElementSize(type);
        var configPath = Path.Combine(directory, LlamaConfig.FileName);
        var config = LlamaConfig.Read(configPath);
        var tokenizer = LlamaTokenizer.Read(directory);
        if (tokenizer.Vocabulary.Count > config.Vocab)
        {
            throw new InputFormatException(configPath, null, "vocab_size", $"{config.Vocab} is fewer than the {tokenizer.Vocabulary.Count} tokens of {LlamaTokenizer.TokenizerFileName}");
        }
        using var checkpoint = SafetensorsCheckpoint.Open(directory);
        var weights = Plan(checkpoint, config, configPath);

        var gguf = new GgufWriter();
        AddModelKeys(gguf, config, type, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))));
        tokenizer.AddTo(gguf, config.Vocab);
        var ropeFactors = config.RopeScaling is { Type: LlamaRopeScaling.Llama3 } scaling
            ? Llama3RopeFrequencies.Factors(scaling, config.RopeTheta, config.HeadDimension)
            : null;
        if (ropeFactors is not null)
        {
            gguf.AddTensor("rope_freqs.weight", [ropeFactors.Length], ropeFactors);
        }
        var total = weights.Count;
        var done = 0;
        foreach (var weight in weights)
        {
            // llama.cpp's converter keeps vectors (the norms) in F32 whatever the type: they are small and precision-sensitive.
            var tensorType = weight.Tensor.Shape.Count == 1 ? GgufTensorType.F32 : type;
            gguf.AddTensor(weight.GgufName, [.. weight.Tensor.Shape.Reverse()], tensorType, stream =>
            {
                WriteTensor(checkpoint, weight, tensorType, stream);
                progress?.Report(new ConversionProgress(++done, total, weight.GgufName));
            });
        }
        gguf.Write(outputPath);
        var tied = !weights.Exists(w => w.GgufName == "output.weight");
        return new ModelConversionSummary(
            outputPath, type, gguf.TensorNames.Count, gguf.ParameterCount, config.Layers, tokenizer.Vocabulary.Count,
            config.Vocab - tokenizer.Vocabulary.Count, tokenizer.PreTokenizer, ropeFactors is not null, tied);
    }

    private static void AddModelKeys(GgufWriter gguf, LlamaConfig config, GgufTensorType type, string name)
    {
        gguf.Add("general.architecture", "llama")
            .Add("general.name", name)
            // llama.cpp's llama_ftype: all F32, mostly F16, mostly BF16.
            .Add("general.file_type", type switch { GgufTensorType.F16 => 1u, GgufTensorType.BF16 => 32u, _ => 0u })
            .Add("llama.vocab_size", (uint)config.Vocab)
            .Add("llama.context_length", (uint)config.MaxPositionEmbeddings)
            .Add("llama.embedding_length", (uint)config.Hidden)
            .Add("llama.block_count", (uint)config.Layers)
            .Add("llama.feed_forward_length", (uint)config.Intermediate)
            .Add("llama.attention.head_count", (uint)config.Heads)
            .Add("llama.attention.head_count_kv", (uint)config.KvHeads)
            .Add("llama.attention.layer_norm_rms_epsilon", (float)config.RmsNormEps)
            .Add("llama.rope.dimension_count", (uint)config.HeadDimension)
            .Add("llama.rope.freq_base", (float)config.RopeTheta);
        if (config.HeadDimension * config.Heads != config.Hidden)
        {
            gguf.Add("llama.attention.key_length", (uint)config.HeadDimension)
                .Add("llama.attention.value_length", (uint)config.HeadDimension);
        }
        if (config.RopeScaling is { Type: LlamaRopeScaling.Linear } linear)
        {
            gguf.Add("llama.rope.scaling.type", "linear").Add("llama.rope.scaling.factor", (float)linear.Factor);
        }
    }

    /// <summary>Every weight the model needs, checked against the config's shapes, in the checkpoint's order.</summary>
    private static List<PlannedWeight> Plan(SafetensorsCheckpoint checkpoint, LlamaConfig config, string configPath)
    {
        var expected = ExpectedShapes(config);
        var planned = new List<PlannedWeight>();
        foreach (var tensor in checkpoint.Tensors)
        {
            // Old checkpoints carry RoPE's inverse frequencies as a buffer; llama.cpp computes them itself.
            if (RotaryBuffer().IsMatch(tensor.Name))
            {
                continue;
            }
            var ggufName = LlamaTensorNames.ToGguf(tensor.Name)
                ?? throw new SafetensorsFormatException(tensor.File, $"tensor '{tensor.Name}'", "is not a weight of a Llama model");
            if (!expected.Remove(ggufName, out var shape))
            {
                if (ggufName == "output.weight" && config.TieWordEmbeddings)
                {
                    continue;
                }
                throw new SafetensorsFormatException(tensor.File, $"tensor '{tensor.Name}'",
                    ggufName.StartsWith("blk.", StringComparison.Ordinal) ? $"is beyond the {config.Layers} layers of {LlamaConfig.FileName}" : "is there twice");
            }
            if (!tensor.Shape.SequenceEqual(shape))
            {
                throw new SafetensorsFormatException(tensor.File, $"tensor '{tensor.Name}'",
                    $"has shape [{string.Join(", ", tensor.Shape)}], but {LlamaConfig.FileName} makes it [{string.Join(", ", shape)}]");
            }
            var heads = ggufName.EndsWith(".attn_q.weight", StringComparison.Ordinal) ? config.Heads
                : ggufName.EndsWith(".attn_k.weight", StringComparison.Ordinal) ? config.KvHeads
                : (int?)null;
            planned.Add(new PlannedWeight(tensor, ggufName, heads));
        }
        // Without lm_head, llama.cpp ties the output to the embedding, as tie_word_embeddings asks.
        expected.Remove("output.weight");
        if (expected.Count > 0)
        {
            var missing = expected.Keys.Order(StringComparer.Ordinal).First();
            throw new InputFormatException(configPath, null, null,
                $"the checkpoint lacks {expected.Count} weight(s) this config needs, e.g. llama.cpp's {missing}");
        }
        return planned;
    }

    private static Dictionary<string, long[]> ExpectedShapes(LlamaConfig config)
    {
        var (h, q, kv, ff) = (config.Hidden, config.Heads * config.HeadDimension, config.KvHeads * config.HeadDimension, config.Intermediate);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["token_embd.weight"] = [config.Vocab, h],
            ["output_norm.weight"] = [h],
            ["output.weight"] = [config.Vocab, h],
        };
        for (var layer = 0; layer < config.Layers; layer++)
        {
            shapes[LlamaTensorNames.Layer(layer, "attn_norm")] = [h];
            shapes[LlamaTensorNames.Layer(layer, "ffn_norm")] = [h];
            shapes[LlamaTensorNames.Layer(layer, "attn_q")] = [q, h];
            shapes[LlamaTensorNames.Layer(layer, "attn_k")] = [kv, h];
            shapes[LlamaTensorNames.Layer(layer, "attn_v")] = [kv, h];
            shapes[LlamaTensorNames.Layer(layer, "attn_output")] = [h, q];
            shapes[LlamaTensorNames.Layer(layer, "ffn_gate")] = [ff, h];
            shapes[LlamaTensorNames.Layer(layer, "ffn_up")] = [ff, h];
            shapes[LlamaTensorNames.Layer(layer, "ffn_down")] = [h, ff];
        }
        return shapes;
    }

    private static void WriteTensor(SafetensorsCheckpoint checkpoint, PlannedWeight weight, GgufTensorType type, Stream output)
    {
        var tensor = weight.Tensor;
        var columns = tensor.Shape.Count == 1 ? tensor.ElementCount : tensor.Shape[^1];
        var rows = tensor.ElementCount / Math.Max(1, columns);
        var dtype = type switch
        {
            GgufTensorType.F16 => SafetensorsDtype.F16,
            GgufTensorType.BF16 => SafetensorsDtype.BF16,
            _ => SafetensorsDtype.F32,
        };
        var rowsPerChunk = (int)Math.Max(1, Math.Min(rows, ChunkValues / Math.Max(1, columns)));
        var values = new float[checked((int)(rowsPerChunk * columns))];
        var bytes = new byte[values.Length * SafetensorsScalars.ElementSize(dtype)];
        if (weight.RotaryHeads is not { } heads)
        {
            for (long row = 0; row < rows; row += rowsPerChunk)
            {
                var count = (int)(Math.Min(rowsPerChunk, rows - row) * columns);
                checkpoint.ReadSingles(tensor.Name, row * columns, values.AsSpan(0, count));
                Write(values.AsSpan(0, count), dtype, bytes, output);
            }
            return;
        }
        // A rotary projection is read a head at a time (its rows are contiguous) and written in llama.cpp's row order.
        var headRows = rows / heads;
        var head = new float[checked((int)(headRows * columns))];
        for (long first = 0; first < rows; first += headRows)
        {
            checkpoint.ReadSingles(tensor.Name, first * columns, head);
            for (long row = first; row < first + headRows; row++)
            {
                var source = RotaryRowOrder.SourceRow(row, heads, rows) - first;
                Write(head.AsSpan((int)(source * columns), (int)columns), dtype, bytes, output);
            }
        }
    }

    private static void Write(ReadOnlySpan<float> values, SafetensorsDtype dtype, byte[] buffer, Stream output)
    {
        var bytes = buffer.AsSpan(0, values.Length * SafetensorsScalars.ElementSize(dtype));
        SafetensorsScalars.FromSingle(values, dtype, bytes);
        output.Write(bytes);
    }

    [GeneratedRegex(@"^model\.layers\.[0-9]+\.self_attn\.rotary_emb\.inv_freq$", RegexOptions.CultureInvariant)]
    private static partial Regex RotaryBuffer();

    private sealed record PlannedWeight(SafetensorsTensor Tensor, string GgufName, int? RotaryHeads);
}
