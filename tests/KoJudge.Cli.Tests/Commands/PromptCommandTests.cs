using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.Prompts;

namespace KoJudge.Cli.Tests.Commands;

public sealed class PromptCommandTests
{
    private static readonly JsonElement Seed = JsonDocument.Parse(KoPrometheusSeed.ReadRawJson()).RootElement;

    private static string Example(string field) => Seed.GetProperty("example").GetProperty(field).GetString()!;

    [Fact]
    public async Task Prints_the_seed_example_rendered_with_the_chat_template_byte_for_byte()
    {
        // Built here straight from the seed's JSON (the embedded copy, which KoPrometheusSeedTests holds to the seed byte for
        // byte) and the chat template as the issue states it, not from KoJudge's code.
        var prompt = Seed.GetProperty("absolute_grading_prompt").GetString()!
            .Replace("{instruction}", Example("instruction"), StringComparison.Ordinal)
            .Replace("{response}", Example("response"), StringComparison.Ordinal)
            .Replace("{reference}", Example("reference"), StringComparison.Ordinal)
            .Replace("{rubrics}", Seed.GetProperty("rubrics").GetProperty(Example("rubric")).GetString(), StringComparison.Ordinal);
        var expected = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n" + prompt.Trim()
            + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

        var run = await CliRun.InvokeAsync(
            ["prompt", "--rubric", "math", "--instruction", Example("instruction"), "--response", Example("response"), "--reference", Example("reference"), "--chat"]);

        run.AssertExit(0);
        Assert.Equal(expected, run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Without_chat_prints_the_bare_prompt_and_accepts_a_category_name()
    {
        var run = await CliRun.InvokeAsync(["prompt", "--rubric", "수학(Math)", "--instruction", "1+1?", "--response", "2"]);

        run.AssertExit(0);
        Assert.StartsWith("###Task Description:\n", run.Out, StringComparison.Ordinal);
        Assert.EndsWith("###Feedback:", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Reference Answer", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_flags_are_named()
    {
        var run = await CliRun.InvokeAsync(["prompt", "--rubric", "math"]);

        run.AssertExit(ExitCodes.Failure);
        Assert.Equal(["error: option '--instruction' is required; option '--response' is required.", "see: kojudge prompt --help"], run.Error.TrimEnd().Split(Environment.NewLine));
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task An_unknown_rubric_lists_the_known_ones()
    {
        var run = await CliRun.InvokeAsync(["prompt", "--rubric", "physics", "--instruction", "q", "--response", "r"]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains("Unknown rubric 'physics'", run.Error, StringComparison.Ordinal);
        Assert.Contains("grammar (문법(Grammar))", run.Error, StringComparison.Ordinal);
    }
}
