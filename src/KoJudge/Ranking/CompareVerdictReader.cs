using KoJudge.Datasets;

namespace KoJudge.Ranking;

/// <summary>
/// Reads the rows of <c>kojudge compare</c> (or any JSONL of pairwise verdicts) as battles: <c>model_a</c>,
/// <c>model_b</c> and <c>verdict</c> (<c>"A"</c>, <c>"B"</c>, <c>"tie"</c> or null), and optionally <c>flipped</c>
/// and the answers' lengths <c>length_a</c>, <c>length_b</c> in characters. A row whose verdict is null is counted as
/// failed for both its models, never taken as a battle. Any other value fails with its file, line and field.
/// </summary>
public static class CompareVerdictReader
{
    public const string Tie = "tie";

    /// <param name="requireLengths">True to fail a battle without <c>length_a</c> and <c>length_b</c> (length control needs them).</param>
    /// <param name="ids">Read only the rows with these ids (a run's own pairs, where an output holds others too); all when null.</param>
    public static BattleSet Read(string path, bool requireLengths = false, IReadOnlySet<string>? ids = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No such file: {path}", path);
        }
        var battles = new List<Battle>();
        var failed = new Dictionary<string, int>(StringComparer.Ordinal);
        var failedRows = 0;
        foreach (var (line, text) in JsonLinesReader.ReadLines(path))
        {
            using var document = JsonRow.Parse(path, line, text);
            var row = new JsonRow(path, line, document.RootElement);
            if (ids is not null && (row.OptionalString("id") is not { } id || !ids.Contains(id)))
            {
                continue;
            }
            var modelA = row.RequiredText("model_a");
            var modelB = row.RequiredText("model_b");
            if (modelA == modelB)
            {
                throw row.Fail("model_b", $"names the same model as model_a ('{modelA}'); a model cannot battle itself");
            }
            if (ScoreOfA(row) is not { } scoreA)
            {
                failedRows++;
                failed[modelA] = failed.GetValueOrDefault(modelA) + 1;
                failed[modelB] = failed.GetValueOrDefault(modelB) + 1;
                continue;
            }
            battles.Add(new Battle(modelA, modelB, scoreA, row.OptionalBool("flipped") ?? false, Length(row, "length_a", requireLengths), Length(row, "length_b", requireLengths)));
        }
        return new BattleSet(battles, failed, failedRows);
    }

    /// <summary>
    /// A row's <c>verdict</c> as side A's share of the win (1, 0, or 0.5 for a tie), or null where the judgment failed;
    /// a row without the field, or with another value, is refused naming it.
    /// </summary>
    public static double? ScoreOfA(JsonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.Required("verdict");
        return row.OptionalString("verdict") switch
        {
            null => null,
            "A" => 1.0,
            "B" => 0.0,
            Tie => 0.5,
            var verdict => throw row.Fail("verdict", $"'{verdict}' is none of \"A\", \"B\", \"tie\" or null"),
        };
    }

    private static int? Length(JsonRow row, string name, bool required)
    {
        if (required && !row.Has(name))
        {
            throw row.Fail(name, "missing; length control needs both answers' lengths in characters");
        }
        var length = row.OptionalInt(name);
        return length is < 0 ? throw row.Fail(name, $"must not be negative, not {length}") : length;
    }
}
