using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KoJudge.Cli.Commands;

/// <summary>
/// <c>kojudge train</c>: runs <c>kojudge-train</c>, the trainer's own .NET tool, with the same arguments, and returns
/// its exit code.
/// </summary>
/// <remarks>
/// Git's pattern for an extension (<c>git foo</c> runs <c>git-foo</c>): training needs libtorch, about 600 MB for the
/// CPU alone and more for CUDA, which judging never uses. A tool of its own keeps kojudge small, and lets a GPU user
/// build the trainer against libtorch's CUDA packages without touching kojudge. The arguments reach kojudge-train
/// before kojudge's parser sees them, so <c>--help</c>, <c>--verbose</c> and every flag mean what kojudge-train says.
/// </remarks>
public static class TrainCommand
{
    public const string Name = "train";

    /// <summary>The trainer's command, as <c>dotnet tool install</c> names it.</summary>
    public const string ToolName = "kojudge-train";

    public const string Install = "dotnet tool install -g KoJudge.Train";

    /// <summary>The entry in kojudge's help; it has no action of its own, since <see cref="ForwardAsync"/> runs first.</summary>
    public static Command Create() => new(
        Name,
        $"Train a LoRA adapter for the judge on Feedback-Collection-style data. Runs {ToolName}, a tool of its own "
        + $"(libtorch is large): {Install}. Every argument goes to it; see kojudge train --help.");

    /// <summary>Runs kojudge-train with <paramref name="args"/>, or says in one line how to install it (exit 1).</summary>
    public static async Task<int> ForwardAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (Find(console) is not { } tool)
        {
            console.Error.WriteLine($"error: kojudge train runs {ToolName}, which is neither beside kojudge nor on PATH; install it with: {Install}");
            return ExitCodes.Failure;
        }
        var redirect = !console.IsProcessConsole;
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Ctrl+C on a terminal signals the whole foreground process group, kojudge-train too: it saves a checkpoint and
        // exits 130 by itself. kojudge ignores the signal meanwhile, so it waits and returns that code instead of
        // leaving the trainer writing to a shell that has its prompt back.
        using var ignoreInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        try
        {
            if (redirect)
            {
                process.StandardInput.Close();
                await Task.WhenAll(
                    CopyAsync(process.StandardOutput, console.Out, cancellationToken),
                    CopyAsync(process.StandardError, console.Error, cancellationToken),
                    process.WaitForExitAsync(cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>kojudge-train beside kojudge (a tool installed into the same folder), else the first on PATH.</summary>
    internal static string? Find(CliConsole console)
    {
        var name = OperatingSystem.IsWindows() ? ToolName + ".exe" : ToolName;
        var beside = Path.GetDirectoryName(Environment.ProcessPath);
        var path = console.GetEnvironmentVariable("PATH") ?? "";
        return new[] { beside }.Concat(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(folder => !string.IsNullOrEmpty(folder))
            .Select(folder => Path.Combine(folder!, name))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
