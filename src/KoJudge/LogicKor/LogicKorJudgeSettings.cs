using System.Globalization;

namespace KoJudge.LogicKor;

/// <summary>What decides the judgments of a <c>logickor judge</c> run.</summary>
/// <param name="Judge">The judge's name (<see cref="ILogicKorJudge.Name"/>).</param>
/// <param name="Engine">The engine's identity (kind, model, adapters), never an address or a key.</param>
/// <param name="ReferenceAnswers">A hash of the reference answers the judge reads, or <c>none</c>.</param>
public sealed record LogicKorJudgeSettings(string Judge, string Engine, int MaxOutputTokens, int Retries, bool MultiTurn, string ReferenceAnswers)
{
    /// <summary>A file's content hash, so changed reference answers make new rows; <c>none</c> without a file.</summary>
    public static string HashOfFile(string? path) =>
        path is not null && File.Exists(path)
            ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)).AsSpan(0, 8))
            : "none";

    // Kept to the letter of the text earlier versions hashed, so outputs they wrote still resume.
    internal string HashText => string.Join('|',
        $"judge={Judge}",
        $"engine={Engine}",
        $"max_tokens={MaxOutputTokens.ToString(CultureInfo.InvariantCulture)}",
        $"retries={Retries.ToString(CultureInfo.InvariantCulture)}",
        $"multi_turn={MultiTurn}",
        $"references={ReferenceAnswers}");
}
