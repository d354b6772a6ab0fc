using System.CommandLine;

namespace KoJudge.Cli.Tests.Support;

/// <summary>Runs <c>kojudge</c> in-process with its own streams and environment, and keeps what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>What a .NET stack trace shows on each of its frames; never to be seen by a user.</summary>
    public const string StackFrame = "   at ";

    /// <summary>Standard output with every run of spaces and line breaks made one space: help text as prose, whatever its wrapping.</summary>
    public string OutAsProse => System.Text.RegularExpressions.Regex.Replace(Out, @"\s+", " ");

    /// <summary>Asserts the exit code, showing what the command printed when it differs.</summary>
    public void AssertExit(int expected) =>
        Assert.True(expected == ExitCode, $"exit {ExitCode}, expected {expected}\nstdout: {Out}\nstderr: {Error}");

    /// <param name="outputWidth">The columns of a fixed-width console, for tables that must fit one.</param>
    /// <param name="errorTerminalWidth">Where given, stderr acts as a terminal of this many columns (progress redraws in place).</param>
    public static Task<CliRun> InvokeAsync(
        string[] args, string stdin = "", IReadOnlyDictionary<string, string>? environment = null, int? outputWidth = null, int? errorTerminalWidth = null) =>
        InvokeTreeAsync(KoJudgeCommandLine.Build, args, environment, TestContext.Current.CancellationToken, stdin, outputWidth, errorTerminalWidth);

    /// <summary>Runs a command tree that <paramref name="build"/> makes for the run's console: kojudge's own, or one made for a test.</summary>
    public static async Task<CliRun> InvokeTreeAsync(
        Func<CliConsole, Command> build, string[] args, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, string stdin = "",
        int? outputWidth = null, int? errorTerminalWidth = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        using var output = new StringWriter();
        using var error = new StringWriter();
        // Each run gets a cache of its own unless the test names one: replies cached by another test must not answer this one.
        var cacheDirectory = Path.Combine(Path.GetTempPath(), $"kojudge-test-cache-{Guid.NewGuid():N}");
        var console = new CliConsole(new StringReader(stdin), output, error, name =>
            environment?.GetValueOrDefault(name) ?? (name == "KOJUDGE_CACHE_DIR" ? cacheDirectory : null))
        {
            OutputWidth = outputWidth,
            ErrorIsTerminal = errorTerminalWidth is not null,
            ErrorWidth = errorTerminalWidth,
        };
        var exitCode = await KoJudgeCommandLine.InvokeAsync(build(console), args, console, cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
