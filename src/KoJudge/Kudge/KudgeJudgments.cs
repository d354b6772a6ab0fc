using System.Globalization;
using CsvHelper;
using KoJudge.Datasets;
using KoJudge.Verdicts;

namespace KoJudge.Kudge;

/// <summary>
/// A judge's scores for KUDGE's false-information rows, aligned by row: from a KUDGE results CSV (its <c>output</c>
/// column, read with KoJudge's verdict parser) or from KoJudge's own results (ids are the rows' numbers).
/// </summary>
public static class KudgeJudgments
{
    public static IReadOnlyList<int?> Read(string path, int rows)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(path);
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            var scores = new List<int?>();
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                var output = csv.TryGetField<string>("output", out var value) ? value : throw new InputFormatException(path, csv.Parser.RawRow, "output", "missing");
                scores.Add(VerdictParser.Parse(output).Score);
            }
            return scores.Count == rows ? scores : throw new InputFormatException(path, null, null, $"{scores.Count} rows, but the false-information set has {rows}");
        }
        var byRow = new int?[rows];
        foreach (var result in JudgeResultReader.Read(path))
        {
            if (!int.TryParse(result.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row < 1 || row > rows)
            {
                throw new InputFormatException(path, null, "id", $"'{result.Id}' is not a row number from 1 to {rows}");
            }
            byRow[row - 1] = result.Score;
        }
        return byRow;
    }
}
