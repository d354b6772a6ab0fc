using System.Text.Json.Nodes;
using KoJudge.Cli.Tests.Support;
using KoJudge.Gguf.TestModels;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.Convert;

public sealed class ConvertLoraCommandTests
{
    // The Hugging Face twin of the tiny GGUF model's shape, so one adapter converts against either base.
    private static readonly HuggingFaceLlamaSpec TinyTwin = HuggingFaceLlamaSpec.Tiny with { Intermediate = TestModelSpec.Tiny.FeedForward };

    private static (string Peft, string Root) Adapter(HuggingFaceLlamaSpec spec)
    {
        var root = Directory.CreateTempSubdirectory("kojudge-convert-lora-").FullName;
        var peft = Path.Combine(root, "peft");
        PeftAdapterWriter.Write(peft, spec, PeftAdapterSpec.Default);
        return (peft, root);
    }

    [Fact]
    public async Task Converts_against_a_hugging_face_folder_and_against_a_gguf_with_the_same_bytes()
    {
        var (peft, root) = Adapter(TinyTwin);
        var huggingFace = Path.Combine(root, "hf");
        HuggingFaceCheckpointWriter.Write(huggingFace, TinyTwin);
        var fromFolder = Path.Combine(root, "out", "from-folder.gguf");
        var fromGguf = Path.Combine(root, "from-gguf.gguf");

        var folderRun = await CliRun.InvokeAsync(["convert", "lora", peft, "--base", huggingFace, "--output", fromFolder]);
        var ggufRun = await CliRun.InvokeAsync(["convert", "lora", peft, "--base", GeneratedModels.Tiny().Model, "--output", fromGguf]);

        folderRun.AssertExit(ExitCodes.Success);
        ggufRun.AssertExit(ExitCodes.Success);
        var summary = folderRun.Error.TrimEnd().Split('\n')[^1];
        Assert.Equal($"wrote {fromFolder}: LoRA on q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj in 2 layers, rank 8, alpha 16, 28 F32 tensors", summary);
        Assert.Contains("converted 28/28 tensors (blk.1.ffn_down.weight.lora_b)", folderRun.Error, StringComparison.Ordinal);
        Assert.Equal("", folderRun.Out);
        Assert.Equal(File.ReadAllBytes(fromFolder), File.ReadAllBytes(fromGguf));
    }

    [Fact]
    public async Task What_a_gguf_lora_cannot_express_is_one_line_naming_file_and_field_with_exit_2()
    {
        var (peft, root) = Adapter(TinyTwin);
        var config = Path.Combine(peft, PeftAdapterWriter.ConfigFileName);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["use_dora"] = true;
        File.WriteAllText(config, json.ToJsonString());
        var output = Path.Combine(root, "adapter.gguf");

        var run = await CliRun.InvokeAsync(["convert", "lora", peft, "--base", GeneratedModels.Tiny().Model, "--output", output]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.StartsWith($"error: {config}: field 'use_dora': is true; DoRA", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_adapter_for_a_deeper_model_than_the_base_is_refused_naming_the_tensor()
    {
        var (peft, root) = Adapter(TinyTwin with { Layers = 3 });

        var run = await CliRun.InvokeAsync(["convert", "lora", peft, "--base", GeneratedModels.Tiny().Model, "--output", Path.Combine(root, "a.gguf")]);

        run.AssertExit(ExitCodes.BadInput);
        var line = run.Error.TrimEnd().Split('\n')[^1];
        Assert.Equal(
            $"error: {Path.Combine(peft, PeftAdapterWriter.WeightsFileName)}: tensor 'base_model.model.model.layers.2.self_attn.q_proj.lora_A.weight': "
            + "adapts layer 2, but the base has 2 layers (0 to 1)",
            line);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("peft", "error: PEFT_DIR {0}: no such folder.")]
    [InlineData("base", "error: --base {0}: no such file or folder.")]
    public async Task A_missing_input_is_named_by_its_flag(string missing, string expected)
    {
        var (peft, root) = Adapter(TinyTwin);
        var nowhere = Path.Combine(root, "nowhere");
        string[] args = ["convert", "lora", missing == "peft" ? nowhere : peft, "--base", missing == "base" ? nowhere : GeneratedModels.Tiny().Model, "--output", Path.Combine(root, "a.gguf")];

        var run = await CliRun.InvokeAsync(args);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, nowhere), run.Error.TrimEnd());
    }

    [Fact]
    public async Task Help_names_the_inputs_and_the_output_in_lines_of_80_columns_or_fewer()
    {
        var run = await CliRun.InvokeAsync(["convert", "lora", "--help"]);

        run.AssertExit(ExitCodes.Success);
        foreach (var part in new[] { "<PEFT_DIR>", "--base", "--output", "Input:", "Output:", "(required)" })
        {
            Assert.Contains(part, run.Out, StringComparison.Ordinal);
        }
        Assert.All(run.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, $"{line.Length} columns: {line}"));
    }
}
