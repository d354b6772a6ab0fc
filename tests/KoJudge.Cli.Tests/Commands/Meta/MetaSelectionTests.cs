using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands.Meta;

/// <summary>A selection that selects nothing is an error naming what there is, never a table of "undefined".</summary>
public sealed class MetaSelectionTests
{
    private static string OneModel()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-meta-default-only-").FullName;
        var target = Path.Combine(folder, "openai", "gpt-4o-2024-05-13");
        Directory.CreateDirectory(target);
        File.Copy(SharedData.PathOf("data", "logickor", "v2", "evaluated", "openai", "gpt-4o-2024-05-13", "default.jsonl"), Path.Combine(target, "default.jsonl"));
        return folder;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_strategy_the_gold_or_a_judged_folder_lacks_is_refused_with_the_strategies_it_has(bool inGold)
    {
        var defaultOnly = OneModel();
        string[] flags = inGold
            ? ["--gold", defaultOnly, "--baseline", "hangul"]
            : ["--gold", SharedData.PathOf("data", "logickor", "v2", "evaluated"), "--judged", "mine=" + defaultOnly];

        var run = await CliRun.InvokeAsync(["meta", "--strategy", "1-shot", .. flags]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"{defaultOnly}: holds no files of the answer strategy '1-shot'; it has default", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_judged_set_that_joins_no_gold_answer_is_refused_with_the_reasons()
    {
        var judged = OneModel();
        var file = Path.Combine(judged, "openai", "gpt-4o-2024-05-13", "default.jsonl");
        // The same answers under another model's name join nothing of a gold that has only gpt-4o.
        var elsewhere = Path.Combine(judged, "other", "model");
        Directory.CreateDirectory(elsewhere);
        File.Move(file, Path.Combine(elsewhere, "default.jsonl"));

        var run = await CliRun.InvokeAsync(["meta", "--gold", OneModel(), "--judged", "mine=" + judged]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"error: {judged}: no answer of mine joins the gold's at strategy default, turn single (42 not judged)", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("a=x", "a=y", "two judges named 'a'")]
    [InlineData("floor=x", null, "the name 'floor' is taken by a judge meta adds itself")]
    public async Task Judged_names_are_unique_and_not_metas_own(string first, string? second, string message)
    {
        var folder = OneModel();
        string[] judged = second is null ? ["--judged", first.Replace("x", folder, StringComparison.Ordinal)] : ["--judged", first.Replace("x", folder, StringComparison.Ordinal), "--judged", second.Replace("y", folder, StringComparison.Ordinal)];

        var run = await CliRun.InvokeAsync(["meta", "--gold", folder, .. judged]);

        run.AssertExit(ExitCodes.BadInput);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_old_judge_flag_is_gone_so_it_cannot_mean_two_things()
    {
        var run = await CliRun.InvokeAsync(["meta", "--gold", OneModel(), "--judge", "baseline:hangul"]);

        run.AssertExit(ExitCodes.Failure);
        Assert.Contains("--judge", run.Error, StringComparison.Ordinal);
    }
}
