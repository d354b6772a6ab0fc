using System.Diagnostics;
using KoJudge.Cli;
using KoJudge.Training.Tests.Support;
using KoJudge.Train.Tests.Support;

namespace KoJudge.Train.Tests;

public sealed class InterruptTests
{
    [Fact]
    public async Task Ctrl_C_to_a_kojudge_train_process_saves_a_checkpoint_says_so_on_its_own_line_and_exits_130()
    {
        using var checkpoint = TinyCheckpoint.Create();
        var data = JudgingRows.Write(Path.Combine(checkpoint.Directory, "train.jsonl"), JudgingRows.Rows(20, seed: 4));
        var output = Path.Combine(checkpoint.Directory, "adapter");
        // 200 steps of one row: far more than run before the signal lands, so it lands mid-run.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(TrainerCommandLine).Assembly.Location, "--base", checkpoint.Directory, "--data", data, "--output", output, "--epochs", "10", "--grad-accum", "1" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        while (await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("step ", StringComparison.Ordinal) && lines.Count(l => l.StartsWith("step ", StringComparison.Ordinal)) == 1)
            {
                // SIGINT, what a terminal's Ctrl+C sends.
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await stdout;

        var all = string.Join('\n', lines);
        Assert.True(process.ExitCode == ExitCodes.Cancelled, $"exit {process.ExitCode}\n{all}");
        Assert.True(lines.Count(l => l.StartsWith("cancelled after step ", StringComparison.Ordinal)) == 1, all);
        var cancelled = lines.Single(l => l.StartsWith("cancelled after step ", StringComparison.Ordinal));
        var step = int.Parse(cancelled["cancelled after step ".Length..].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(step, 1, 199);
        Assert.EndsWith($"/200: saved {Path.Combine(output, $"checkpoint-{step}")}; run the same command again to resume", cancelled, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, $"checkpoint-{step}", "adapter_model.safetensors")), all);
        Assert.True(File.Exists(Path.Combine(output, $"checkpoint-{step}", "optimizer.bin")), all);
        Assert.False(File.Exists(Path.Combine(output, "adapter_model.safetensors")), "A cancelled run wrote a final adapter.");
    }
}
