using System.CommandLine;
using KoJudge.Cli.Tests.Support;

namespace KoJudge.Cli.Tests.Failures;

/// <summary>No stack trace reaches a user: an unexpected failure is one line and exit 1, its details in a file only when asked.</summary>
public sealed class UnexpectedFailureTests
{
    private const string Hint = "(an unexpected failure; run with --verbose or KOJUDGE_DEBUG=1 for the details)";

    // The guard is the same for every command: a tree with one failing command shows it without depending on a bug.
    private static Command Failing(CliConsole console)
    {
        var fail = new Command("fail", "Fails as no command should.");
        fail.SetAction(Fail);
        var hang = new Command("hang", "Waits until cancelled.");
        hang.SetAction(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        });
        var timeout = new Command("timeout", "Times out on a token of its own, as an HTTP client does.");
        timeout.SetAction(async (_, _) =>
        {
            using var own = new CancellationTokenSource(TimeSpan.FromMilliseconds(1));
            await Task.Delay(Timeout.Infinite, own.Token);
            return 0;
        });
        return KoJudgeCommandLine.Guarded(new Command("kojudge") { Subcommands = { fail, hang, timeout } }, console);
    }

    private static int Fail(ParseResult parse) => throw new InvalidOperationException("the disk\ncaught fire.");

    private static Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken? cancellationToken = null) =>
        CliRun.InvokeTreeAsync(Failing, args, environment, cancellationToken ?? TestContext.Current.CancellationToken);

    private static string DetailsFile(CliRun run)
    {
        const string Marker = "the details are in ";
        var start = run.Error.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, run.Error);
        return run.Error[(start + Marker.Length)..].TrimEnd('\n', ')');
    }

    [Fact]
    public async Task An_unexpected_exception_is_one_line_and_exit_1_with_no_stack_trace_and_no_file()
    {
        var cache = Directory.CreateTempSubdirectory("kojudge-failure-").FullName;

        var run = await RunAsync(["fail"], new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = cache });

        run.AssertExit(ExitCodes.Failure);
        Assert.Equal($"error: the disk caught fire {Hint}\n", run.Error);
        Assert.DoesNotContain(CliRun.StackFrame, run.Out + run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(cache));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "1")]
    public async Task Verbose_or_KOJUDGE_DEBUG_writes_the_details_to_a_file_the_line_names(bool verbose, string? debug)
    {
        var cache = Directory.CreateTempSubdirectory("kojudge-failure-").FullName;
        var environment = new Dictionary<string, string> { ["KOJUDGE_CACHE_DIR"] = cache };
        if (debug is not null)
        {
            environment["KOJUDGE_DEBUG"] = debug;
        }

        var run = await RunAsync(verbose ? ["fail", "--verbose"] : ["fail"], environment);

        run.AssertExit(ExitCodes.Failure);
        Assert.StartsWith("error: the disk caught fire (an unexpected failure; the details are in ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var file = DetailsFile(run);
        Assert.StartsWith(Path.Combine(cache, "failures") + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
        var details = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Contains("System.InvalidOperationException: the disk", details, StringComparison.Ordinal);
        Assert.Contains(CliRun.StackFrame, details, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.StackFrame, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_command_exits_130_and_a_timeout_of_its_own_is_an_unexpected_failure()
    {
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancelled.CancelAfter(TimeSpan.FromMilliseconds(50));

        var hang = await RunAsync(["hang"], cancellationToken: cancelled.Token);
        var timeout = await RunAsync(["timeout"]);

        hang.AssertExit(ExitCodes.Cancelled);
        Assert.Equal("cancelled.\n", hang.Error);
        timeout.AssertExit(ExitCodes.Failure);
        Assert.EndsWith($"{Hint}\n", timeout.Error, StringComparison.Ordinal);
    }
}
