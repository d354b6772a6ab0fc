using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Verdicts;

namespace KoJudge.Meta;

/// <summary>
/// Reads <c>kojudge compare</c>'s rows (or any JSONL of pairwise verdicts) for meta-evaluation: <c>id</c>,
/// <c>verdict</c> (<c>"A"</c>, <c>"B"</c>, <c>"tie"</c> or null; required, so a row that forgot it is not read as a
/// failure), and optionally <c>flipped</c> and <c>error_kind</c>. Other fields are ignored. A bad value or an id seen
/// twice fails with its file, line and field.
/// </summary>
public static class PairwiseJudgmentReader
{
    public static IReadOnlyList<PairwiseJudgment> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No such file: {path}", path);
        }
        var judgments = new List<PairwiseJudgment>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            using var document = JsonRow.Parse(path, line, text);
            var row = new JsonRow(path, line, document.RootElement);
            var id = JudgeItemReader.Id(row);
            if (!seen.TryAdd(id, line))
            {
                throw row.Fail("id", $"'{id}' appears twice (first at line {seen[id]}); one pair, one verdict");
            }
            row.Required("verdict");
            judgments.Add(new PairwiseJudgment(id, row.OptionalEnum<PairwiseWinner>("verdict"), row.OptionalBool("flipped") ?? false, row.OptionalEnum<ErrorKind>("error_kind"), line));
        }
        return judgments;
    }
}
