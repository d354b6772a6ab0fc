using System.Security.Cryptography;
using KoJudge.LogicKor;

namespace KoJudge.Cli.Commands.LogicKor;

/// <summary>What the LogicKor commands share about resumed runs: the settings that go into each row's request hash, and the report.</summary>
internal static class LogicKorSettings
{
    /// <summary>A file's content hash, so changed reference answers make new rows; "none" without a file.</summary>
    public static string FileHash(string? path) =>
        path is not null && File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)).AsSpan(0, 8)) : "none";

    public static void ReportResume(TextWriter error, LogicKorRun.Progress result)
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
