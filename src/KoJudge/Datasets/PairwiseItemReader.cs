using KoJudge.Pairwise;

namespace KoJudge.Datasets;

/// <summary>
/// Reads one JSONL line of pairs to compare: <c>id</c>, <c>instruction</c>, <c>response_a</c>, <c>response_b</c>, and
/// optionally <c>reference</c>, <c>rubric</c> (a built-in name or a rubric object; else the category's built-in one,
/// else the general criteria), <c>category</c>, <c>model_a</c> and <c>model_b</c>. A problem names its file, line and field.
/// </summary>
public static class PairwiseItemReader
{
    public static PairwiseItem ParseLine(string path, int line, string text)
    {
        using var json = JsonRow.Parse(path, line, text);
        var row = new JsonRow(path, line, json.RootElement);
        var id = JudgeItemReader.Id(row);
        var category = row.OptionalString("category");
        return new PairwiseItem(
            id,
            row.RequiredString("instruction", allowEmpty: false),
            row.RequiredString("response_a"),
            row.RequiredString("response_b"),
            row.OptionalString("reference"),
            JudgeItemReader.OptionalRubric(row, category),
            category,
            row.OptionalString("model_a"),
            row.OptionalString("model_b"));
    }
}
