using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

/// <summary><c>kojudge merge</c> joins result rows of one run's shards and nothing else, and writes whole or not at all.</summary>
public sealed class MergeCommandTests
{
    private static async Task<(CliRun Run, HostilePaths Paths, string Output)> MergeAsync(params string[][] shards)
    {
        var paths = new HostilePaths();
        var files = new List<string>();
        foreach (var (rows, i) in shards.Select((rows, i) => (rows, i)))
        {
            var file = Path.Combine(paths.Root, $"part{i + 1}.jsonl");
            await File.WriteAllLinesAsync(file, rows, TestContext.Current.CancellationToken);
            files.Add(file);
        }
        var output = Path.Combine(paths.Root, "merged", "all.jsonl");
        var run = await CliRun.InvokeAsync(["merge", "--output", output, .. files]);
        return (run, paths, output);
    }

    private static void AssertRefused(CliRun run, HostilePaths paths, string output, string where, string problem)
    {
        run.AssertExit(ExitCodes.BadInput);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {Path.Combine(paths.Root, where)}: ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(paths.Contents(), p => p.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shards_of_one_run_merge_into_one_file_in_the_folder_it_makes()
    {
        var (run, _, output) = await MergeAsync([SmallInputs.ResultRow("a", "h-a"), SmallInputs.ResultRow("b", "h-b", score: null)], [SmallInputs.ResultRow("c", "h-c")]);

        run.AssertExit(ExitCodes.Success);
        Assert.Equal(3, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task A_row_that_is_not_a_result_row_is_refused_with_its_file_line_and_field()
    {
        var (run, paths, output) = await MergeAsync([SmallInputs.ResultRow("a", "h-a"), """{"id": "zz", "foo": 1}"""]);

        AssertRefused(run, paths, output, "part1.jsonl:2", "field 'request_hash': missing, so this is not a result row");
    }

    [Theory]
    [InlineData("""{"id": "zz", "request_hash": "h"}""", "field 'score': missing")]
    [InlineData("""{"id": "zz", "request_hash": "h", "score": 7}""", "field 'score': must be a whole number from 1 to 5 or null, not 7")]
    [InlineData("""{"id": "zz", "request_hash": null, "score": 3}""", "field 'request_hash': must be a string, not null")]
    [InlineData("""{"request_hash": "h", "score": 3}""", "field 'id': missing")]
    [InlineData("""{"id": "zz", "request_hash": "h", "score": 3""", "not valid JSON at character 45")]
    public async Task Each_field_of_a_result_row_is_checked(string row, string problem)
    {
        var (run, paths, output) = await MergeAsync([row]);

        AssertRefused(run, paths, output, "part1.jsonl:1", problem);
        Assert.DoesNotContain("LineNumber", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_in_two_shards_with_other_request_hashes_is_named_as_made_with_other_settings()
    {
        var (run, paths, output) = await MergeAsync([SmallInputs.ResultRow("a", "h-a")], [SmallInputs.ResultRow("a", "h-a-other-model")]);

        AssertRefused(run, paths, output, "part2.jsonl:1", $"field 'request_hash': id 'a' is also at {Path.Combine(paths.Root, "part1.jsonl")}:1, made with other settings");
    }

    [Fact]
    public async Task An_id_in_two_shards_with_one_request_hash_is_a_duplicate_or_a_conflict()
    {
        var (duplicate, paths, output) = await MergeAsync([SmallInputs.ResultRow("a", "h-a")], [SmallInputs.ResultRow("a", "h-a")]);
        var (conflict, otherPaths, otherOutput) = await MergeAsync([SmallInputs.ResultRow("a", "h-a")], [SmallInputs.ResultRow("a", "h-a", score: 2)]);

        AssertRefused(duplicate, paths, output, "part2.jsonl:1", "field 'id': duplicate row for id 'a'");
        AssertRefused(conflict, otherPaths, otherOutput, "part2.jsonl:1", "field 'id': conflicting row for id 'a'");
    }

    [Fact]
    public async Task A_shard_that_is_missing_or_a_folder_is_named_as_such()
    {
        var paths = new HostilePaths();
        var output = Path.Combine(paths.Root, "all.jsonl");

        var missing = await CliRun.InvokeAsync(["merge", "--output", output, paths.Missing]);
        var folder = await CliRun.InvokeAsync(["merge", "--output", output, paths.Folder]);

        missing.AssertExit(ExitCodes.BadInput);
        Assert.Equal($"error: {paths.Missing}: no such file.\n", missing.Error);
        folder.AssertExit(ExitCodes.BadInput);
        Assert.Equal($"error: {paths.Folder}: is a directory, not a file.\n", folder.Error);
        Assert.False(File.Exists(output));
    }
}
