using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using KoJudge.Cli.Tests.Support;
using KoJudge.Gguf.Safetensors;
using KoJudge.Gguf.TestModels;
using KoJudge.Prompts;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.Convert;

public sealed class ConvertModelCommandTests
{
    private static string Folder() => Directory.CreateTempSubdirectory("kojudge-convert-").FullName;

    private static string Checkpoint(HuggingFaceLlamaSpec spec, int shards = 1, string? tokenizerJson = null)
    {
        var folder = Path.Combine(Folder(), "hf");
        HuggingFaceCheckpointWriter.Write(folder, spec, shards, tokenizerJson);
        return folder;
    }

    private static async Task AssertJudgesInProcessAsync(string model, string lora)
    {
        var input = Path.Combine(Folder(), "items.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 2).Select(n => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"item-{n}", ["instruction"] = "1 더하기 1은?", ["response"] = "2", ["reference"] = "2", ["rubric"] = "math",
        })));
        var output = Path.ChangeExtension(input, ".results.jsonl");

        var run = await CliRun.InvokeAsync(
            ["judge", "--model", model, "--lora", lora, "--input", input, "--output", output, "--constrain",
             "--threads", "2", "--parallel", "2", "--ctx", "2560", "--max-tokens", "24"]);

        run.AssertExit(ExitCodes.Success);
        var rows = File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.InRange(row.GetProperty("score").GetInt32(), 1, 5));
    }

    [Theory]
    [InlineData(SafetensorsDtype.BF16, 3, "f16", false)]
    [InlineData(SafetensorsDtype.F16, 1, "bf16", true)]
    [InlineData(SafetensorsDtype.F32, 2, "q8_0", true)]
    public async Task Converts_a_checkpoint_and_an_adapter_on_all_seven_projections_that_then_judge_in_process(
        SafetensorsDtype dtype, int shards, string type, bool baseIsGguf)
    {
        var spec = HuggingFaceLlamaSpec.Tiny with { Dtype = dtype };
        var checkpoint = Checkpoint(spec, shards);
        var peft = Path.Combine(Folder(), "peft");
        PeftAdapterWriter.Write(peft, spec, PeftAdapterSpec.Default with { Dtype = dtype });
        var model = Path.Combine(Folder(), "model.gguf");
        var lora = Path.Combine(Folder(), "adapter.gguf");

        var convertModel = await CliRun.InvokeAsync(["convert", "model", checkpoint, "--output", model, "--type", type]);
        var convertLora = await CliRun.InvokeAsync(["convert", "lora", peft, "--base", baseIsGguf ? model : checkpoint, "--output", lora]);

        convertModel.AssertExit(ExitCodes.Success);
        Assert.Contains($"wrote {model}: {type}", convertModel.Error, StringComparison.Ordinal);
        Assert.Contains("293 tokens (llama-bpe) + 7 padding, llama3 rope_freqs", convertModel.Error, StringComparison.Ordinal);
        Assert.Equal([model], Directory.GetFiles(Path.GetDirectoryName(model)!));
        convertLora.AssertExit(ExitCodes.Success);
        Assert.Contains("q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj in 2 layers", convertLora.Error, StringComparison.Ordinal);
        await AssertJudgesInProcessAsync(model, lora);
    }

    [Fact]
    public async Task Tokenize_on_a_model_converted_from_Llama_3s_tokenizer_json_gives_Hugging_Faces_620_ids_for_the_seed_example()
    {
        var spec = new HuggingFaceLlamaSpec(Layers: 1, Hidden: 8, Intermediate: 16, Heads: 2, KvHeads: 2, Vocab: 128_256, TieWordEmbeddings: true, Seed: 1, Dtype: SafetensorsDtype.F16);
        var checkpoint = Checkpoint(spec, tokenizerJson: GeneratedModels.Llama3TokenizerJson);
        var model = Path.Combine(Folder(), "llama3-vocab.gguf");
        var prompt = await SeedExampleTokens.ChatPromptAsync();

        var convert = await CliRun.InvokeAsync(["convert", "model", checkpoint, "--output", model]);
        var tokenize = await CliRun.InvokeAsync(["tokenize", "--model", model], stdin: prompt);

        convert.AssertExit(ExitCodes.Success);
        Assert.Contains("128,256 tokens (llama-bpe), output tied to the embedding", convert.Error, StringComparison.Ordinal);
        tokenize.AssertExit(ExitCodes.Success);
        var ids = JsonSerializer.Deserialize<int[]>(tokenize.Out)!;
        Assert.Equal(620, ids.Length);
        Assert.Equal(SeedExampleTokens.HuggingFaceIds(), ids);
    }

    /// <summary>Each kind of bad checkpoint and a pattern of the one line it must get.</summary>
    public static TheoryData<string, string> BadCheckpoints() => new()
    {
        { "another architecture", Regex.Escape("config.json: field 'architectures': MistralForCausalLM is not converted (LlamaForCausalLM is)") },
        { "no config.json", Regex.Escape("config.json: not found") },
        { "no tokenizer.json", Regex.Escape("tokenizer.json: not found") },
        { "a shard missing", @"model\.safetensors\.index\.json: .*model-00002-of-00002\.safetensors" },
        { "a dtype it cannot read", Regex.Escape("tensor 'model.norm.weight': dtype I64 is not read") },
        { "a weight of the wrong shape", @"model-0000[12]-of-00002\.safetensors: tensor 'model\.layers\.[01]\.mlp\.(gate|up|down)_proj\.weight': has shape \[(96, 64|64, 96)\], but config\.json makes it \[(97, 64|64, 97)\]" },
        { "a weight missing", Regex.Escape("config.json: the checkpoint lacks 1 weight(s) this config needs, e.g. llama.cpp's output_norm.weight") },
        { "rope scaling llama.cpp cannot run", Regex.Escape("config.json: field 'rope_scaling.rope_type': yarn is not converted (linear and llama3 are)") },
        { "another pre-tokenizer", Regex.Escape("tokenizer.json: field 'pre_tokenizer': is not Llama 3's split pattern") },
    };

    [Theory]
    [MemberData(nameof(BadCheckpoints))]
    public async Task A_bad_checkpoint_gets_one_line_naming_the_file_and_the_field_and_exit_2(string kind, string expected)
    {
        var checkpoint = Checkpoint(HuggingFaceLlamaSpec.Tiny, shards: 2);
        Spoil(checkpoint, kind);
        var model = Path.Combine(Folder(), "model.gguf");

        var run = await CliRun.InvokeAsync(["convert", "model", checkpoint, "--output", model]);

        run.AssertExit(ExitCodes.BadInput);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Matches(expected, line);
        Assert.DoesNotContain(CliRun.StackFrame, run.Out + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    private static void Spoil(string checkpoint, string kind)
    {
        var config = Path.Combine(checkpoint, "config.json");
        void EditConfig(Action<JsonObject> edit)
        {
            var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
            edit(json);
            File.WriteAllText(config, json.ToJsonString());
        }
        var shardWithNorm = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpoint, SafetensorsCheckpoint.IndexFileName)))!["weight_map"]!["model.norm.weight"]!.GetValue<string>();
        switch (kind)
        {
            case "another architecture":
                EditConfig(json => json["architectures"] = new JsonArray("MistralForCausalLM"));
                break;
            case "no config.json":
                File.Delete(config);
                break;
            case "no tokenizer.json":
                File.Delete(Path.Combine(checkpoint, "tokenizer.json"));
                break;
            case "a shard missing":
                File.Delete(Path.Combine(checkpoint, "model-00002-of-00002.safetensors"));
                break;
            case "a dtype it cannot read":
                RewriteHeader(Path.Combine(checkpoint, shardWithNorm), header => header["model.norm.weight"]!["dtype"] = "I64");
                break;
            case "a weight of the wrong shape":
                EditConfig(json => json["intermediate_size"] = 97);
                break;
            case "a weight missing":
                // Written again as one file without the final norm.
                foreach (var file in Directory.GetFiles(checkpoint, "model*.safetensors*"))
                {
                    File.Delete(file);
                }
                var writer = new SafetensorsWriter();
                foreach (var (name, shape, values) in HuggingFaceCheckpointWriter.Weights(HuggingFaceLlamaSpec.Tiny).Where(w => w.Name != "model.norm.weight"))
                {
                    writer.Add(name, SafetensorsDtype.F32, shape, values);
                }
                writer.Write(Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName));
                break;
            case "rope scaling llama.cpp cannot run":
                EditConfig(json => json["rope_scaling"]!["rope_type"] = "yarn");
                break;
            case "another pre-tokenizer":
                var tokenizer = Path.Combine(checkpoint, "tokenizer.json");
                File.WriteAllText(tokenizer, File.ReadAllText(tokenizer).Replace("\\\\p{N}{1,3}", "\\\\p{N}", StringComparison.Ordinal));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Rewrites a safetensors header in place, padded with spaces to its old length so every offset still holds.</summary>
    private static void RewriteHeader(string file, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(file);
        var length = (int)BitConverter.ToUInt64(bytes, 0);
        var header = JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject();
        edit(header);
        var text = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        Assert.True(text.Length <= length, "the edited header must fit in the old one");
        var padded = text.Concat(Enumerable.Repeat((byte)' ', length - text.Length)).ToArray();
        padded.CopyTo(bytes, 8);
        File.WriteAllBytes(file, bytes);
    }
}
