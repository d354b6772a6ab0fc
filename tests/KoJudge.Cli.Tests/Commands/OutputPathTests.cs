using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Commands;

/// <summary>
/// Issue 10's cases: a path a command cannot write is refused before any work, on one line that names it and what is
/// wrong, with exit 2 and nothing left behind; it used to end in a stack trace once the engine had started.
/// </summary>
public sealed class OutputPathTests
{
    private static readonly string[] Engine = ["--model", "ko-prometheus", "--retries", "0"];

    private static async Task<(CliRun Run, ScriptedOpenAIServer Server)> JudgeAsync(string items, string output, params string[] more)
    {
        var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));
        var run = await CliRun.InvokeAsync(["judge", "--input", items, "--output", output, "--endpoint", server.BaseAddress + "v1", .. Engine, .. more]);
        return (run, server);
    }

    /// <summary>Exit 2, one line naming the path and the problem, no trace, and nothing new beside the path.</summary>
    private static void AssertRefused(CliRun run, HostilePaths paths, IReadOnlyList<string> before, string path, string problem)
    {
        run.AssertExit(ExitCodes.BadInput);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.Equal(before, paths.Contents());
    }

    [Fact]
    public async Task Judge_refuses_an_output_that_is_a_directory_before_the_engine_is_reached()
    {
        var paths = new HostilePaths();
        var items = SmallInputs.Items(paths.Root);
        var before = paths.Contents();

        var (run, server) = await JudgeAsync(items, paths.Folder);
        await using var _ = server;

        AssertRefused(run, paths, before, paths.Folder, "is a directory");
        Assert.DoesNotContain("engine:", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Judge_refuses_an_output_whose_folder_is_a_file()
    {
        var paths = new HostilePaths();
        var items = SmallInputs.Items(paths.Root);
        var before = paths.Contents();

        var (run, server) = await JudgeAsync(items, paths.UnderAFile);
        await using var _ = server;

        AssertRefused(run, paths, before, paths.UnderAFile, $"its folder {paths.AFile} is a file");
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("/proc/kojudge-test/out.jsonl", "/proc")]
    [InlineData("/sys/kojudge-test.jsonl", "/sys")]
    public async Task Judge_refuses_an_output_in_the_kernels_file_systems(string output, string mount)
    {
        Assert.SkipUnless(HostilePaths.HaveProc && Directory.Exists(mount), $"needs Linux's {mount}");
        var paths = new HostilePaths();
        var items = SmallInputs.Items(paths.Root);
        var before = paths.Contents();

        var (run, server) = await JudgeAsync(items, output);
        await using var _ = server;

        AssertRefused(run, paths, before, output, $"cannot be written here ({mount} is the kernel's");
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_second_judge_on_an_output_another_process_is_writing_is_refused_and_does_not_crash()
    {
        var paths = new HostilePaths();
        var items = SmallInputs.Items(paths.Root);
        var output = Path.Combine(paths.Root, "out.jsonl");
        // The first run's row half written, and the lock a writing run holds beside its output.
        await File.WriteAllTextAsync(output, "{\"id\": \"item-1\", \"request_", TestContext.Current.CancellationToken);
        using var writing = KoJudge.Runs.OutputLock.TryAcquire(output);
        Assert.NotNull(writing);

        var (run, server) = await JudgeAsync(items, output);
        await using var _ = server;

        run.AssertExit(ExitCodes.BadInput);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
        Assert.Contains($"error: --output {output}: is being written by another kojudge process", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Merge_refuses_an_output_that_is_a_directory_and_leaves_no_partial_file()
    {
        var paths = new HostilePaths();
        var shard = Path.Combine(paths.Root, "shard.jsonl");
        await File.WriteAllTextAsync(shard, SmallInputs.ResultRow("a", "h1") + "\n", TestContext.Current.CancellationToken);
        var before = paths.Contents();

        var run = await CliRun.InvokeAsync(["merge", "--output", paths.Folder, shard]);

        AssertRefused(run, paths, before, paths.Folder, "is a directory");
    }

    [Fact]
    public async Task A_cache_that_cannot_be_a_file_is_refused_naming_it_before_the_engine()
    {
        var paths = new HostilePaths();
        var items = SmallInputs.Items(paths.Root);
        var output = Path.Combine(paths.Root, "out.jsonl");
        var before = paths.Contents();

        var (folder, folderServer) = await JudgeAsync(items, output, "--cache", paths.Folder);
        await using var _ = folderServer;
        var (device, deviceServer) = await JudgeAsync(items, output, "--cache", "/dev/null");
        await using var __ = deviceServer;
        var defaultCache = await CliRun.InvokeAsync(
            ["judge", "--input", items, "--output", output, "--endpoint", "http://127.0.0.1:9/v1", .. Engine], environment: new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = paths.AFile });

        AssertRefused(folder, paths, before, paths.Folder, "is a directory; point --cache at another file, or pass --no-cache");
        Assert.Empty(folderServer.Requests);
        if (Directory.Exists("/dev"))
        {
            AssertRefused(device, paths, before, "/dev/null", "cannot be written here (/dev holds devices, not files)");
        }
        AssertRefused(defaultCache, paths, before, $"the response cache {Path.Combine(paths.AFile, "responses.sqlite")}", $"its folder {paths.AFile} is a file");
    }

    [Fact]
    public async Task Deleting_a_cache_is_advised_only_for_a_SQLite_file_KoJudge_could_have_made()
    {
        var paths = new HostilePaths();
        var items = SmallInputs.Items(paths.Root);
        var output = Path.Combine(paths.Root, "out.jsonl");
        var broken = Path.Combine(paths.Root, "broken.sqlite");
        // SQLite's header, then nothing a database holds.
        await File.WriteAllBytesAsync(broken, [.. "SQLite format 3\0"u8, .. new byte[4096 - 16]], TestContext.Current.CancellationToken);

        var (notSqlite, server) = await JudgeAsync(items, output, "--cache", items);
        await using var _ = server;
        var (sqlite, sqliteServer) = await JudgeAsync(items, output, "--cache", broken);
        await using var __ = sqliteServer;

        notSqlite.AssertExit(ExitCodes.BadInput);
        Assert.Contains($"the response cache {items} cannot be used", notSqlite.Error, StringComparison.Ordinal);
        Assert.Contains("it is not a SQLite file", notSqlite.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("delete", notSqlite.Error, StringComparison.Ordinal);
        sqlite.AssertExit(ExitCodes.BadInput);
        Assert.Contains("delete it, point --cache at another file, or pass --no-cache", sqlite.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Meta_refuses_a_json_or_report_path_it_cannot_write_before_reading_anything()
    {
        var paths = new HostilePaths();
        var answers = SmallInputs.LogicKorAnswers(paths.Root);
        var before = paths.Contents();

        var json = await CliRun.InvokeAsync(["meta", "--gold", answers, "--baseline", "hangul-chrf", "--json", paths.Folder]);
        var report = await CliRun.InvokeAsync(["meta", "--gold", answers, "--baseline", "hangul-chrf", "--report", paths.UnderAFile]);

        AssertRefused(json, paths, before, paths.Folder, "is a directory");
        AssertRefused(report, paths, before, paths.UnderAFile, $"its folder {paths.AFile} is a file");
        Assert.Empty(json.Out);
    }

    [Fact]
    public async Task Kudge_items_make_model_and_logickor_generate_refuse_an_output_that_is_a_directory()
    {
        var paths = new HostilePaths();
        var logickor = SmallInputs.LogicKorFolder(paths.Root);
        var before = paths.Contents();

        var kudge = await CliRun.InvokeAsync(["kudge-items", "--input", paths.AFile, "--output", paths.Folder]);
        var model = await CliRun.InvokeAsync(["make-model", "--output", paths.Folder]);
        var lora = await CliRun.InvokeAsync(["make-model", "--output", Path.Combine(paths.Root, "m.gguf"), "--lora-output", paths.UnderAFile]);
        var generate = await CliRun.InvokeAsync(["logickor", "generate", "--logickor", logickor, "--output", paths.Folder, "--endpoint", "http://127.0.0.1:9/v1", "--model", "m"]);

        AssertRefused(kudge, paths, before, paths.Folder, "is a directory");
        AssertRefused(model, paths, before, paths.Folder, "is a directory");
        AssertRefused(lora, paths, before, paths.UnderAFile, $"its folder {paths.AFile} is a file");
        AssertRefused(generate, paths, before, paths.Folder, "is a directory");
    }

    [Fact]
    public async Task Logickor_judge_checks_its_output_folder_and_each_file_in_it()
    {
        var paths = new HostilePaths();
        var answers = SmallInputs.LogicKorAnswers(paths.Root);
        var judged = Path.Combine(paths.Root, "judged");
        // A folder where one output file must go.
        Directory.CreateDirectory(Path.Combine(judged, "org", "model", "default.jsonl"));
        var before = paths.Contents();
        await using var server = await ScriptedOpenAIServer.StartAsync((_, _) => new ScriptedReply.Text("Feedback: 좋다. [RESULT] 4"));
        string[] Judge(string output) => ["logickor", "judge", "--judge", "prometheus", "--input", answers, "--output", output, "--endpoint", server.BaseAddress + "v1", "--model", "m"];

        var onAFile = await CliRun.InvokeAsync(Judge(paths.AFile));
        var underAFile = await CliRun.InvokeAsync(Judge(paths.UnderAFile));
        var folderInTheWay = await CliRun.InvokeAsync(Judge(judged));

        AssertRefused(onAFile, paths, before, paths.AFile, "is a file, not a folder");
        AssertRefused(underAFile, paths, before, paths.UnderAFile, $"its folder {paths.AFile} is a file");
        AssertRefused(folderInTheWay, paths, before, Path.Combine(judged, "org", "model", "default.jsonl"), "is a directory");
        Assert.Empty(server.Requests);
    }
}
