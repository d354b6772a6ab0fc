using KoJudge.Datasets;
using KoJudge.Judging;

namespace KoJudge.Runs;

/// <summary>A row an earlier run left in an output, as much of it as a rerun needs.</summary>
/// <param name="RequestHash">Null in rows written before request hashes, which a rerun treats as made otherwise.</param>
/// <param name="ErrorKind">Why a failed row has no result; null where it has one, or where an older version wrote no kind.</param>
public sealed record WrittenRow(string Id, string? RequestHash, bool Failed, ErrorKind? ErrorKind = null)
{
    /// <summary>
    /// Reads a result row of any job whose rows carry <c>id</c>, <c>request_hash</c>, <c>error_kind</c> and a result field
    /// (<paramref name="resultField"/>, null where the row failed).
    /// </summary>
    public static WrittenRow Parse(string path, int line, string text, string resultField)
    {
        using var json = JsonRow.Parse(path, line, text);
        var row = new JsonRow(path, line, json.RootElement);
        return new WrittenRow(
            row.RequiredString("id", allowEmpty: false),
            row.OptionalString("request_hash"),
            Failed: !row.Has(resultField),
            row.OptionalEnum<ErrorKind>("error_kind"));
    }
}
