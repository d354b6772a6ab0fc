using System.Text.Json.Nodes;
using KoJudge.Datasets;
using KoJudge.Gguf.Conversion;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;
using KoJudge.Gguf.Tests.Safetensors;

namespace KoJudge.Gguf.Tests.Conversion;

public sealed class PeftLoraConverterTests
{
    private static readonly HuggingFaceLlamaSpec Base = HuggingFaceLlamaSpec.Tiny;

    private static LlamaAttentionShape Shape(HuggingFaceLlamaSpec spec) =>
        new(spec.Layers, spec.Heads, spec.KvHeads, spec.HeadDimension, spec.Hidden, spec.Intermediate);

    private static (string Directory, string Output) Adapter(PeftAdapterSpec adapter)
    {
        var directory = RawSafetensors.NewDirectory();
        PeftAdapterWriter.Write(directory, Base, adapter);
        return (directory, Path.Combine(directory, "adapter.gguf"));
    }

    private static Dictionary<string, float[]> PeftValues(PeftAdapterSpec adapter) =>
        PeftAdapterWriter.Tensors(Base, adapter).ToDictionary(t => t.Name, t => t.Values());

    private static string Peft(int layer, string projection, char matrix) =>
        $"base_model.model.model.layers.{layer}.{(projection is "gate_proj" or "up_proj" or "down_proj" ? "mlp" : "self_attn")}.{projection}.lora_{matrix}.weight";

    private static string Gguf(int layer, string projection, char matrix) =>
        $"{LlamaTensorNames.Layer(layer, LlamaTensorNames.Projections[projection])}.lora_{char.ToLowerInvariant(matrix)}";

    /// <summary>
    /// llama.cpp's permutation written out as index arithmetic: rows viewed as (heads, 2, d/2) are swapped to
    /// (heads, d/2, 2), so new row h·d + 2i + j is old row h·d + j·d/2 + i.
    /// </summary>
    private static float[] Permuted(float[] b, int heads, int rank)
    {
        var rows = b.Length / rank;
        var d = rows / heads;
        var result = new float[b.Length];
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < d / 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var to = (h * d) + (2 * i) + j;
                    var from = (h * d) + (j * (d / 2)) + i;
                    Array.Copy(b, from * rank, result, to * rank, rank);
                }
            }
        }
        return result;
    }

    [Fact]
    public void Writes_an_adapter_of_llama_cpps_names_dims_and_keys_for_every_layer_and_projection()
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);

        var summary = PeftLoraConverter.Convert(directory, Shape(Base), output);

        var gguf = GgufTestReader.Read(output);
        Assert.Equal("llama", gguf.Metadata["general.architecture"]);
        Assert.Equal("adapter", gguf.Metadata["general.type"]);
        Assert.Equal("lora", gguf.Metadata["adapter.type"]);
        Assert.Equal(16f, gguf.Metadata["adapter.lora.alpha"]);
        var (h, f, q, kv) = (Base.Hidden, Base.Intermediate, Base.Heads * Base.HeadDimension, Base.KvHeads * Base.HeadDimension);
        var sizes = new Dictionary<string, (long In, long Out)>
        {
            ["attn_q"] = (h, q), ["attn_k"] = (h, kv), ["attn_v"] = (h, kv), ["attn_output"] = (q, h),
            ["ffn_gate"] = (h, f), ["ffn_up"] = (h, f), ["ffn_down"] = (f, h),
        };
        var expected = new List<string>();
        for (var layer = 0; layer < Base.Layers; layer++)
        {
            foreach (var (module, (inputs, outputs)) in sizes)
            {
                var name = $"blk.{layer}.{module}.weight";
                expected.AddRange([$"{name}.lora_a", $"{name}.lora_b"]);
                Assert.Equal([inputs, 8L], gguf.Tensors[$"{name}.lora_a"].Dimensions);
                Assert.Equal([8L, outputs], gguf.Tensors[$"{name}.lora_b"].Dimensions);
            }
        }
        Assert.Equal(expected.Order(), gguf.Order.Order());
        Assert.Equal((2, 16f, 28, 0), (summary.Layers, summary.Alpha, summary.Tensors, summary.Rescaled));
        Assert.Equal(PeftAdapterSpec.AllProjections, summary.Targets);
        Assert.Equal([8], summary.Ranks);
        Assert.Empty(Directory.GetFiles(directory, "*.partial"));
    }

    [Fact]
    public void Q_and_k_lora_b_rows_take_the_rotary_order_and_every_other_matrix_is_copied_untouched()
    {
        var adapter = PeftAdapterSpec.Default;
        var (directory, output) = Adapter(adapter);
        var peft = PeftValues(adapter);

        PeftLoraConverter.Convert(directory, Shape(Base), output);

        var gguf = GgufTestReader.Read(output);
        for (var layer = 0; layer < Base.Layers; layer++)
        {
            foreach (var projection in PeftAdapterSpec.AllProjections)
            {
                Assert.Equal(peft[Peft(layer, projection, 'A')], gguf.Tensors[Gguf(layer, projection, 'A')].Values);
                var b = peft[Peft(layer, projection, 'B')];
                var expected = projection switch
                {
                    "q_proj" => Permuted(b, Base.Heads, 8),
                    "k_proj" => Permuted(b, Base.KvHeads, 8),
                    _ => b,
                };
                Assert.Equal(expected, gguf.Tensors[Gguf(layer, projection, 'B')].Values);
            }
        }
        // The permutation moves rows: a converter that forgot it would not pass the line above.
        Assert.NotEqual(peft[Peft(0, "q_proj", 'B')], gguf.Tensors[Gguf(0, "q_proj", 'B')].Values);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Per_module_alpha_rank_and_rslora_fold_into_lora_b_so_llama_cpps_scale_gives_pefts(bool rslora)
    {
        var adapter = PeftAdapterSpec.Default with
        {
            UseRslora = rslora,
            RankPattern = new Dictionary<string, int> { ["down_proj"] = 4, ["model.layers.1.self_attn.q_proj"] = 2 },
            AlphaPattern = new Dictionary<string, double> { ["v_proj"] = 40, ["layers.0.self_attn.k_proj"] = 3 },
        };
        var (directory, output) = Adapter(adapter);
        var peft = PeftValues(adapter);

        var summary = PeftLoraConverter.Convert(directory, Shape(Base), output);

        var gguf = GgufTestReader.Read(output);
        var fileAlpha = (float)gguf.Metadata["adapter.lora.alpha"];
        Assert.Equal(16f, fileAlpha);
        for (var layer = 0; layer < Base.Layers; layer++)
        {
            foreach (var projection in PeftAdapterSpec.AllProjections)
            {
                var rank = projection == "down_proj" ? 4 : projection == "q_proj" && layer == 1 ? 2 : 8;
                var alpha = projection == "v_proj" ? 40 : projection == "k_proj" && layer == 0 ? 3 : 16;
                var pefts = alpha / (rslora ? Math.Sqrt(rank) : rank);
                var b = gguf.Tensors[Gguf(layer, projection, 'B')];
                // llama.cpp's scale: the file's alpha over the rank it reads from lora_b's first dimension.
                var llamas = fileAlpha / (double)b.Dimensions[0];
                var source = peft[Peft(layer, projection, 'B')];
                source = projection switch
                {
                    "q_proj" => Permuted(source, Base.Heads, rank),
                    "k_proj" => Permuted(source, Base.KvHeads, rank),
                    _ => source,
                };
                Assert.Equal(rank, b.Dimensions[0]);
                Assert.Equal(rank, gguf.Tensors[Gguf(layer, projection, 'A')].Dimensions[1]);
                for (var i = 0; i < source.Length; i++)
                {
                    Assert.Equal(pefts * source[i], llamas * b.Values[i], 1e-6 * Math.Abs(pefts * source[i]) + 1e-12);
                }
            }
        }
        Assert.Equal([2, 4, 8], summary.Ranks);
        Assert.Equal(rslora ? 14 : 3, summary.Rescaled);
    }

    [Fact]
    public void An_adapter_name_kept_in_the_tensor_names_converts_as_without_it()
    {
        var (plain, plainOutput) = Adapter(PeftAdapterSpec.Default);
        var named = PeftAdapterSpec.Default with { AdapterName = "default" };
        var (directory, output) = Adapter(named);
        Assert.Contains(".lora_A.default.weight", PeftAdapterWriter.Tensors(Base, named)[0].Name, StringComparison.Ordinal);

        PeftLoraConverter.Convert(plain, Shape(Base), plainOutput);
        PeftLoraConverter.Convert(directory, Shape(Base), output);

        Assert.Equal(File.ReadAllBytes(plainOutput), File.ReadAllBytes(output));
    }

    [Fact]
    public void BF16_weights_are_widened_exactly()
    {
        var adapter = PeftAdapterSpec.Default with { Dtype = SafetensorsDtype.BF16, TargetModules = ["v_proj"] };
        var (directory, output) = Adapter(adapter);
        using var file = SafetensorsFile.Open(Path.Combine(directory, PeftAdapterWriter.WeightsFileName));

        PeftLoraConverter.Convert(directory, Shape(Base), output);

        var gguf = GgufTestReader.Read(output);
        var a = gguf.Tensors[Gguf(1, "v_proj", 'A')].Values;
        Assert.Equal(file.ReadSingles(Peft(1, "v_proj", 'A')), a);
        // Every BF16 value has its low 16 bits zero; a second rounding on the way would show here.
        Assert.All(a, v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v) & 0xFFFF));
    }

    public static TheoryData<string, string, string> ConfigRefusals() => new()
    {
        { "use_dora", "true", "use_dora" },
        { "modules_to_save", "[\"lm_head\"]", "modules_to_save" },
        { "target_modules", "[\"q_proj\", \"embed_tokens\"]", "target_modules" },
        { "target_modules", "\".*(q_proj|lm_head)\"", "target_modules" },
        { "bias", "\"lora_only\"", "bias" },
        { "peft_type", "\"IA3\"", "peft_type" },
        { "r", "\"eight\"", "r" },
        { "rank_pattern", "{\"q_proj\": 0}", "rank_pattern.q_proj" },
        { "alpha_pattern", "[16]", "alpha_pattern" },
    };

    [Theory]
    [MemberData(nameof(ConfigRefusals))]
    public void What_a_gguf_lora_cannot_express_or_a_wrong_field_is_refused_in_one_line_naming_file_and_field(string field, string value, string named)
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        var config = Path.Combine(directory, PeftAdapterWriter.ConfigFileName);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json[field] = JsonNode.Parse(value);
        File.WriteAllText(config, json.ToJsonString());

        var error = Assert.Throws<InputFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), output));

        Assert.Equal(config, error.File);
        Assert.Equal(named, error.Field);
        Assert.Contains($"field '{named}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(PeftAdapterWriter.ConfigFileName)]
    [InlineData(PeftAdapterWriter.WeightsFileName)]
    public void A_missing_file_is_named(string missing)
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        File.Delete(Path.Combine(directory, missing));

        var error = Assert.Throws<InputFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), output));

        Assert.Equal($"{Path.Combine(directory, missing)}: not found", error.Message);
    }

    [Fact]
    public void A_pickled_adapter_is_refused_with_how_to_save_it_as_safetensors()
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        File.Move(Path.Combine(directory, PeftAdapterWriter.WeightsFileName), Path.Combine(directory, "adapter_model.bin"));

        var error = Assert.Throws<InputFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), output));

        Assert.Contains("adapter_model.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("safe_serialization", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Rewrites the adapter's weights as <paramref name="change"/> makes them from the generated ones.</summary>
    private static (string Directory, string Output) AdapterWithWeights(
        Func<List<(string Name, long[] Shape, Func<float[]> Values)>, IEnumerable<(string Name, long[] Shape, Func<float[]> Values)>> change)
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        var writer = new SafetensorsWriter();
        foreach (var (name, shape, values) in change([.. PeftAdapterWriter.Tensors(Base, PeftAdapterSpec.Default)]))
        {
            writer.Add(name, SafetensorsDtype.F32, shape, values);
        }
        writer.Write(Path.Combine(directory, PeftAdapterWriter.WeightsFileName));
        return (directory, output);
    }

    public static TheoryData<string, string> TensorRefusals() => new()
    {
        { "base_model.model.model.embed_tokens.lora_embedding_A", "embedding LoRA" },
        { "base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector", "DoRA" },
        { "base_model.model.model.layers.0.self_attn.q_proj.bias", "not a lora_A or lora_B weight" },
        { "base_model.model.lm_head.modules_to_save.default.weight", "not a lora_A or lora_B weight" },
        { "base_model.model.model.layers.0.self_attn.rotary.lora_A.weight", "target_modules does not name" },
        { "base_model.model.model.layers.0.mlp.q_proj.lora_A.weight", "not one of a Llama layer's seven projections" },
        { "base_model.model.model.layers.0.self_attn.q_proj.lora_A.other.weight", "one adapter per file" },
    };

    [Theory]
    [MemberData(nameof(TensorRefusals))]
    public void A_tensor_the_config_does_not_explain_is_refused_naming_file_and_tensor(string tensor, string problem)
    {
        var (directory, output) = AdapterWithWeights(tensors => tensors.Append((tensor, [8, 64], () => new float[8 * 64])));

        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), output));

        Assert.Equal(Path.Combine(directory, PeftAdapterWriter.WeightsFileName), error.File);
        Assert.Equal($"tensor '{tensor}'", error.Subject);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_lora_a_without_its_lora_b_is_refused()
    {
        var missing = Peft(1, "up_proj", 'B');
        var (directory, output) = AdapterWithWeights(tensors => tensors.Where(t => t.Name != missing));

        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), output));

        Assert.Equal($"tensor '{Peft(1, "up_proj", 'A')}'", error.Subject);
        Assert.Contains("no lora_B", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dtype_the_reader_cannot_read_is_named_with_its_tensor()
    {
        var directory = RawSafetensors.NewDirectory();
        PeftAdapterWriter.Write(directory, Base, PeftAdapterSpec.Default with { TargetModules = ["q_proj"] });
        var name = Peft(0, "q_proj", 'A');
        RawSafetensors.Write(directory, PeftAdapterWriter.WeightsFileName, $"{{\"{name}\":{{\"dtype\":\"I64\",\"shape\":[8,64],\"data_offsets\":[0,4096]}}}}", new byte[4096]);

        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), Path.Combine(directory, "out.gguf")));

        Assert.Equal($"tensor '{name}'", error.Subject);
        Assert.Contains("I64", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_the_base_does_not_have_is_refused()
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);

        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base) with { Layers = 1 }, output));

        Assert.StartsWith("tensor 'base_model.model.model.layers.1.", error.Subject, StringComparison.Ordinal);
        Assert.Contains("layer 1, but the base has 1 layers", error.Problem, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> ShapeMismatches() => new()
    {
        // Twice the head size: q's 64 outputs are not the base's 128.
        { "head", "q_proj.lora_B.weight" },
        { "hidden", "q_proj.lora_A.weight" },
        { "intermediate", "gate_proj.lora_B.weight" },
    };

    [Theory]
    [MemberData(nameof(ShapeMismatches))]
    public void A_matrix_whose_size_is_not_the_bases_is_refused_naming_tensor_and_sizes(string changed, string tensor)
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        var shape = changed switch
        {
            "head" => Shape(Base) with { HeadDimension = 32 },
            "hidden" => Shape(Base) with { Hidden = 32 },
            _ => Shape(Base) with { Intermediate = 100 },
        };

        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, shape, output));

        Assert.EndsWith($"{tensor}'", error.Subject, StringComparison.Ordinal);
        Assert.Contains("but the base's", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rank_that_is_not_the_configs_is_refused_naming_the_field()
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        var config = Path.Combine(directory, PeftAdapterWriter.ConfigFileName);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["rank_pattern"] = JsonNode.Parse("{\"o_proj\": 4}");
        File.WriteAllText(config, json.ToJsonString());

        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, Shape(Base), output));

        Assert.Equal($"tensor '{Peft(0, "o_proj", 'A')}'", error.Subject);
        Assert.Contains("rank_pattern.o_proj gives model.layers.0.self_attn.o_proj rank 4", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_hidden_and_intermediate_sizes_the_heads_still_check_q_k_v_and_o()
    {
        var (directory, output) = Adapter(PeftAdapterSpec.Default);
        var headsOnly = new LlamaAttentionShape(Base.Layers, Base.Heads, Base.KvHeads, Base.HeadDimension);

        var summary = PeftLoraConverter.Convert(directory, headsOnly, output);
        var error = Assert.Throws<SafetensorsFormatException>(() => PeftLoraConverter.Convert(directory, headsOnly with { KvHeads = 1 }, output));

        Assert.Equal(28, summary.Tensors);
        Assert.Equal($"tensor '{Peft(0, "k_proj", 'B')}'", error.Subject);
    }
}
