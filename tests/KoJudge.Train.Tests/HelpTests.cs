using KoJudge.Cli;
using KoJudge.Cli.Commands;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Train.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_lists_every_option_under_kojudges_headings_with_its_default_and_required_mark_within_80_columns()
    {
        var help = await CliRun.InvokeTreeAsync(TrainerCommandLine.Build, ["--help"], null, TestContext.Current.CancellationToken);

        help.AssertExit(ExitCodes.Success);
        // The conventions kojudge's own commands are held to, by the same check.
        HelpConventions.AssertFollowed(TrainerCommandLine.Build(Quiet), help.Out, TrainCommand.ToolName);
        Assert.Contains("  kojudge-train [options]", help.Out, StringComparison.Ordinal);
        var headings = help.Out.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(' ') && l.EndsWith(':')).ToList();
        Assert.Equal(["Description:", "Usage:", "Input:", "Engine:", "LoRA:", "Optimisation:", "Run:", "Output:", "General:"], headings);
        // Each flag under its heading: the text between one heading and the next.
        string Section(string heading) => help.Out.Split(heading + ":\n")[1].Split("\n\n")[0];
        Assert.Equal(["--base", "--data", "--eval"], Flags(Section("Input")));
        Assert.Equal(["--device", "--dtype", "--gradient-checkpointing"], Flags(Section("Engine")));
        Assert.Equal(["--rank", "--alpha", "--dropout", "--targets"], Flags(Section("LoRA")));
        Assert.Equal(["--epochs", "--lr", "--warmup", "--batch", "--grad-accum", "--max-length"], Flags(Section("Optimisation")));
        Assert.Equal(["--eval-every", "--checkpoint-every", "--seed"], Flags(Section("Run")));
        Assert.Equal(["--output", "--json"], Flags(Section("Output")));
        Assert.Equal(["-h,", "--version", "--verbose"], Flags(Section("General")));
        // Issue 14's defaults, as the trainer's options hold them.
        foreach (var shown in new[] { "[default: 16]", "[default: 32]", "[default: 0.05]", "[default: all seven]", "[default: 1]", "[default: 0.0002]", "[default: 0.03]", "[default: 4096]", "[default: 0]", "[default: cpu]", "[default: f32]", "[default: 100]" })
        {
            Assert.Contains(shown, help.OutAsProse, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--data", "d.jsonl", "--output", "o")]
    [InlineData("--base", "b", "--data", "d.jsonl", "--output", "o", "--no-such-option", "1")]
    [InlineData("--base", "b", "--data", "d.jsonl", "--output", "o", "--eval-every", "5")]
    public async Task A_usage_error_is_one_line_and_a_pointer_to_kojudge_trains_help_exit_1(params string[] args)
    {
        var run = await CliRun.InvokeTreeAsync(TrainerCommandLine.Build, args, null, TestContext.Current.CancellationToken);

        Assert.True(HelpConventions.IsUsageError(run, TrainCommand.ToolName), $"exit {run.ExitCode}:\n{run.Error}");
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_flag_out_of_range_is_a_usage_error_exit_1_naming_the_flag()
    {
        var run = await CliRun.InvokeTreeAsync(TrainerCommandLine.Build, ["--base", "b", "--data", "d", "--output", "o", "--targets", "q_proj,w_proj", "--dropout", "1"], null, TestContext.Current.CancellationToken);

        // Both problems, on kojudge's one usage-error line.
        Assert.True(HelpConventions.IsUsageError(run, TrainCommand.ToolName), $"exit {run.ExitCode}:\n{run.Error}");
        Assert.Contains("--targets must name some of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, comma-separated, not w_proj", run.Error, StringComparison.Ordinal);
        Assert.Contains("--dropout must be in [0, 1), not 1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
    }

    private static readonly CliConsole Quiet = new(TextReader.Null, TextWriter.Null, TextWriter.Null, _ => null);

    private static List<string> Flags(string section) =>
        [.. section.Split('\n').Where(l => l.StartsWith("  -", StringComparison.Ordinal)).Select(l => l.TrimStart().Split(' ')[0])];
}
