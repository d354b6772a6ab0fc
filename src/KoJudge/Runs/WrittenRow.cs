using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>A row an earlier run left in an output, as much of it as a rerun needs.</summary>
/// <param name="RequestHash">Null in rows written before request hashes, which a rerun treats as made otherwise.</param>
/// <param name="ErrorKind">Why a failed row has no result; null where it has one, or where an older version wrote no kind.</param>
public sealed record WrittenRow(string Id, string? RequestHash, bool Failed, ErrorKind? ErrorKind = null);
