using KoJudge.Cli;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Train.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_groups_the_options_under_headings_shows_each_default_and_fits_80_columns()
    {
        var help = await CliRun.InvokeTreeAsync(TrainerCommandLine.Build, ["--help"], null, TestContext.Current.CancellationToken);

        help.AssertExit(ExitCodes.Success);
        Assert.All(help.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= KoJudgeCommandLine.HelpWidth, $"{line.TrimEnd().Length} characters: {line}"));
        var headings = help.Out.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ') && l.EndsWith(':')).ToList();
        Assert.Equal(["Description:", "Usage:", "Input:", "Model:", "LoRA:", "Optimisation:", "Run:", "Output:", "Other options:"], headings);
        // Each flag under its heading: the text between one heading and the next.
        string Section(string heading) => help.Out.Split(heading + ":\n")[1].Split("\n\n")[0];
        Assert.Equal(["--base", "--data", "--eval", "--max-length"], Flags(Section("Input")));
        Assert.Equal(["--device", "--dtype", "--gradient-checkpointing"], Flags(Section("Model")));
        Assert.Equal(["--rank", "--alpha", "--dropout", "--targets"], Flags(Section("LoRA")));
        Assert.Equal(["--epochs", "--lr", "--warmup", "--batch", "--grad-accum", "--seed"], Flags(Section("Optimisation")));
        Assert.Equal(["--eval-every", "--checkpoint-every"], Flags(Section("Run")));
        Assert.Equal(["--output", "--json"], Flags(Section("Output")));
        Assert.Contains("--verbose", Section("Other options"), StringComparison.Ordinal);
        // Issue 14's defaults, as the trainer's options hold them.
        foreach (var shown in new[] { "[default: 16]", "[default: 32]", "[default: 0.05]", "[default: all seven]", "[default: 1]", "[default: 0.0002]", "[default: 0.03]", "[default: 4096]", "[default: 0]", "[default: cpu]", "[default: f32]", "[default: 100]" })
        {
            Assert.Contains(shown, help.OutAsProse, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_flag_out_of_range_is_a_usage_error_exit_1_naming_the_flag()
    {
        var run = await CliRun.InvokeTreeAsync(TrainerCommandLine.Build, ["--base", "b", "--data", "d", "--output", "o", "--targets", "q_proj,w_proj", "--dropout", "1"], null, TestContext.Current.CancellationToken);

        run.AssertExit(ExitCodes.Failure);
        Assert.Contains("--targets must name some of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, comma-separated, not w_proj.", run.Error, StringComparison.Ordinal);
        Assert.Contains("--dropout must be in [0, 1), not 1.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
    }

    private static List<string> Flags(string section) =>
        [.. section.Split('\n').Where(l => l.StartsWith("  -", StringComparison.Ordinal)).Select(l => l.TrimStart().Split(' ')[0])];
}
