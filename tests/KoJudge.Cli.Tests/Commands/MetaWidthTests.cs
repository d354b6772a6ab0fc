using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class MetaWidthTests
{
    [Fact]
    public async Task At_80_columns_the_meta_tables_fit()
    {
        var gold = SharedData.PathOf("data", "logickor", "v2", "evaluated");

        var run = await CliRun.InvokeAsync(["meta", "--gold", gold, "--baseline", "hangul-chrf"], outputWidth: 80);

        run.AssertExit(ExitCodes.Success);
        Assert.Contains("overall", run.Out, StringComparison.Ordinal);
        Assert.All(run.Out.Split('\n'), line =>
        {
            var width = HelpConventions.DisplayWidth(line.TrimEnd());
            Assert.True(width <= 80, $"{width} columns: {line}");
        });
    }
}
