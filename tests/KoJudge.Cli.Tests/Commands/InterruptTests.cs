using System.Diagnostics;
using System.Text.Json;
using KoJudge.Cli.Tests.Support;
using KoJudge.TestSupport;

namespace KoJudge.Cli.Tests.Commands;

public sealed class InterruptTests
{
    [Fact]
    public async Task Ctrl_C_stops_an_in_process_run_within_a_second_keeps_its_rows_and_exits_130()
    {
        var (model, _) = GeneratedModels.Tiny();
        var directory = Directory.CreateTempSubdirectory("kojudge-interrupt-").FullName;
        var input = Path.Combine(directory, "items.jsonl");
        var output = Path.Combine(directory, "results.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 200).Select(i => JsonSerializer.Serialize(new { id = i, instruction = $"{i} 더하기 {i}?", response = $"{2 * i}", rubric = "math" })), TestContext.Current.CancellationToken);
        using var process = ToolProcess.Start(["judge", "--model", model, "--input", input, "--output", output, "--threads", "2", "--flash-attention", "off", "--retries", "0"]);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        for (var waited = 0; waited < 200 && (!File.Exists(output) || new FileInfo(output).Length == 0); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var clock = Stopwatch.StartNew();
        await ToolProcess.SignalAsync(process, "INT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {await error}");
        Assert.Contains("cancelled; every finished row was written.", await error, StringComparison.Ordinal);
        var rows = await File.ReadAllLinesAsync(output, TestContext.Current.CancellationToken);
        Assert.InRange(rows.Length, 1, 199);
        Assert.All(rows, row => Assert.True(JsonDocument.Parse(row).RootElement.TryGetProperty("score", out _)));
    }
}
