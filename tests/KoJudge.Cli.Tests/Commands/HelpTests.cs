using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_names_the_tool_and_every_command()
    {
        var run = await CliRun.InvokeAsync(["--help"]);

        run.AssertExit(0);
        Assert.Contains("kojudge [command] [options]", run.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "prompt", "parse", "judge", "compare", "demo", "tokenize", "bench", "make-model", "rank", "meta", "kudge-items", "gold-pairs" })
        {
            Assert.Contains($"\n  {command} ", run.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("prompt", "--chat")]
    [InlineData("judge", "--api-key-env")]
    [InlineData("judge", "--retries")]
    [InlineData("judge", "--max-tokens")]
    [InlineData("rank", "--length-control")]
    [InlineData("compare", "--verdict-format")]
    [InlineData("compare", "--template")]
    [InlineData("compare", "--retry-failed")]
    [InlineData("compare", "--shard")]
    [InlineData("parse", "--pairwise")]
    [InlineData("meta", "--pairwise")]
    [InlineData("meta", "--pairs-per-question")]
    [InlineData("gold-pairs", "--kudge")]
    [InlineData("gold-pairs", "--pairs-per-question")]
    [InlineData("logickor arena", "--baseline")]
    [InlineData("logickor arena", "--baseline-answers")]
    [InlineData("logickor arena", "--retry-failed")]
    [InlineData("logickor arena", "--html")]
    [InlineData("logickor arena", "[default: openai/gpt-4-1106-preview]")]
    public async Task Each_command_documents_its_options(string command, string option)
    {
        var run = await CliRun.InvokeAsync([.. command.Split(' '), "--help"]);

        run.AssertExit(0);
        Assert.Contains(option, run.OutAsProse, StringComparison.Ordinal);
    }
}
