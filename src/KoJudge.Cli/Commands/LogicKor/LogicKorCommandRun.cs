using System.Security.Cryptography;
using KoJudge.Datasets;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary>
/// What <c>logickor generate</c> and <c>logickor judge</c> share about running their rows: starting over, the
/// settings that go into each row's request hash, and how a resumed, refused or cancelled run is reported.
/// </summary>
internal static class LogicKorCommandRun
{
    /// <summary>A file's content hash, so changed reference answers make new rows; "none" without a file.</summary>
    public static string FileHash(string? path) =>
        path is not null && File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)).AsSpan(0, 8)) : "none";

    /// <summary>Deletes the outputs an earlier run left, for <c>--overwrite</c>.</summary>
    public static void StartOver(IEnumerable<string> outputs)
    {
        foreach (var existing in outputs.Where(File.Exists))
        {
            File.Delete(existing);
        }
    }

    /// <summary>
    /// Awaits <paramref name="run"/>, reports what it resumed, and lets <paramref name="finish"/> write the closing line
    /// and choose the exit code; outputs made with other settings and Ctrl+C end the command with their own codes.
    /// </summary>
    public static async Task<int> RunAsync(CliConsole console, Task<LogicKorRun.Progress> run, Func<LogicKorRun.Progress, int> finish, CancellationToken cancellationToken)
    {
        try
        {
            var result = await run.ConfigureAwait(false);
            ReportResume(console.Error, result);
            return finish(result);
        }
        catch (InputFormatException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("cancelled; every finished row was written.");
            return ExitCodes.Cancelled;
        }
    }

    private static void ReportResume(TextWriter error, LogicKorRun.Progress result)
    {
        foreach (var output in result.Repaired)
        {
            error.WriteLine($"repaired {output}: cut off a torn last line left by an interrupted run");
        }
        if (result.FailedRowsRetried > 0)
        {
            error.WriteLine($"took {result.FailedRowsRetried} failed rows out of the outputs to run them again");
        }
        if (result.AlreadyDone > 0)
        {
            error.WriteLine($"resumed: {result.AlreadyDone} rows were already done and kept");
        }
    }
}
