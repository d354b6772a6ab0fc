using System.Globalization;
using CsvHelper;
using KoJudge.Datasets;

namespace KoJudge.Kudge;

/// <summary>KUDGE's CSV files, read row by row: each field fetched by name, or failing with its file, line and field.</summary>
internal static class KudgeCsv
{
    /// <summary>The column names of the file's header row.</summary>
    public static IReadOnlyList<string> Header(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        return csv.Read() && csv.ReadHeader() ? csv.HeaderRecord ?? [] : throw new InputFormatException(path, 1, null, "no header row");
    }

    /// <param name="read">Makes a value of one row, given its number (from 1), its line and a field reader.</param>
    public static List<T> Rows<T>(string path, Func<int, int, Func<string, string>, T> read)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<T>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            // CsvHelper counts the header as line 1 and knows where a row with embedded newlines starts.
            var line = csv.Parser.RawRow;
            string Field(string name) => csv.TryGetField<string>(name, out var value) && value is not null
                ? value
                : throw new InputFormatException(path, line, name, "missing");
            rows.Add(read(rows.Count + 1, line, Field));
        }
        return rows;
    }
}
