using System.Text.Json;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands.Convert;

public sealed class BenchConvertCommandTests
{
    [Fact]
    public async Task Prints_the_checkpoints_size_and_the_conversions_peak_memory_as_JSON_and_leaves_the_work_folder_as_it_was()
    {
        var work = Directory.CreateTempSubdirectory("kojudge-bench-convert-").FullName;
        File.WriteAllText(Path.Combine(work, "mine.txt"), "the user's own file");

        var run = await CliRun.InvokeAsync(["bench-convert", "--layers", "1", "--hidden", "128", "--work", work]);

        run.AssertExit(ExitCodes.Success);
        using var report = JsonDocument.Parse(run.Out);
        var root = report.RootElement;
        // Counted by hand: embedding and output 32,000 × 128 each, the final norm, one layer (two norms, q 128×128,
        // k and v 32×128, o 128×128, gate, up and down 352×128), and the four llama3 rope factors.
        Assert.Equal((2 * 32_000 * 128) + 128 + (256 + 16_384 + 4_096 + 4_096 + 16_384 + (3 * 352 * 128)) + 4, root.GetProperty("parameters").GetInt64());
        Assert.Equal("F16", root.GetProperty("output_type").GetString());
        var checkpointBytes = root.GetProperty("checkpoint_bytes").GetInt64();
        Assert.InRange(checkpointBytes, 2 * (8_368_516 - 4), (2 * (8_368_516 - 4)) + (4 * 100_000));
        if (root.GetProperty("peak_resident_bytes").ValueKind == JsonValueKind.Number)
        {
            var peak = root.GetProperty("peak_resident_bytes").GetInt64();
            Assert.InRange(peak, root.GetProperty("resident_before_bytes").GetInt64(), long.MaxValue);
            Assert.Equal(Math.Round((double)peak / checkpointBytes, 4), root.GetProperty("peak_over_checkpoint").GetDouble());
        }
        Assert.Equal([Path.Combine(work, "mine.txt")], Directory.GetFileSystemEntries(work));
    }
}
