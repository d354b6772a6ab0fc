using Microsoft.Extensions.AI;

namespace KoJudge.Judging;

/// <summary>
/// What asking a judge for a verdict came to (<see cref="VerdictAttempts"/>): the last reply and its parsed verdict,
/// or the engine's failure, with the attempts it took. <see cref="Error"/> and <see cref="ErrorKind"/> are null only
/// where the verdict was given.
/// </summary>
/// <param name="Verdict">The last reply's parse; null where the last attempt failed in the engine.</param>
/// <param name="Response">The last reply; null where the last attempt failed in the engine.</param>
public sealed record AskedVerdict<TVerdict>(
    TVerdict? Verdict,
    ChatResponse? Response,
    int Attempts,
    bool Truncated,
    bool FromCache,
    string? Error,
    ErrorKind? ErrorKind)
    where TVerdict : class
{
    public bool Succeeded => Error is null;

    /// <summary>The last reply, exactly as the engine returned it.</summary>
    public string? Raw => Response?.Text;
}
