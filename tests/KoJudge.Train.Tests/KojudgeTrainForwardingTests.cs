using System.Diagnostics;
using KoJudge.Cli;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Train.Tests;

/// <summary>
/// kojudge train through kojudge's own command line: with kojudge-train on PATH (the trainer built beside these tests,
/// behind a one-line launcher as dotnet tool install makes one) and without it, PATH given so the result never
/// depends on the machine's.
/// </summary>
public sealed class KojudgeTrainForwardingTests
{
    [Fact]
    public async Task With_kojudge_train_on_PATH_every_argument_goes_to_it_and_its_exit_code_comes_back()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-train-path-").FullName;
        var launcher = Path.Combine(folder, "kojudge-train");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet \"{typeof(TrainerCommandLine).Assembly.Location}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var path = new Dictionary<string, string> { ["PATH"] = folder };
        var missing = Path.Combine(folder, "no-such-model");

        var help = await CliRun.InvokeAsync(["train", "--help"], environment: path);
        var badBase = await CliRun.InvokeAsync(["train", "--base", missing, "--data", launcher, "--output", Path.Combine(folder, "out")], environment: path);

        help.AssertExit(ExitCodes.Success);
        Assert.Contains("Usage:\n  kojudge-train [options]", help.Out, StringComparison.Ordinal);
        Assert.Contains("Optimisation:", help.Out, StringComparison.Ordinal);
        badBase.AssertExit(ExitCodes.BadInput);
        Assert.Equal($"error: --base {missing}: no such folder\n", badBase.Error);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Without_kojudge_train_it_says_in_one_line_how_to_install_it_and_exits_1()
    {
        var empty = Directory.CreateTempSubdirectory("kojudge-train-none-").FullName;
        var path = new Dictionary<string, string> { ["PATH"] = empty };

        var run = await CliRun.InvokeAsync(["train", "--base", "x"], environment: path);
        var help = await CliRun.InvokeAsync(["train", "--help"], environment: path);
        var listed = await CliRun.InvokeAsync(["--help"]);

        run.AssertExit(ExitCodes.Failure);
        Assert.Equal("error: kojudge train runs kojudge-train, which is neither beside kojudge nor on PATH; install it with: dotnet tool install -g KoJudge.Train\n", run.Error);
        help.AssertExit(ExitCodes.Failure);
        Assert.Equal(run.Error, help.Error);
        Assert.Contains("dotnet tool install -g KoJudge.Train", listed.OutAsProse, StringComparison.Ordinal);
        Directory.Delete(empty);
    }
}
