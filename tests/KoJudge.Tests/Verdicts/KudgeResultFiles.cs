using System.Globalization;
using CsvHelper;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Verdicts;

/// <summary>The judges' replies in KUDGE's result files and the decision KUDGE's own parser recorded for each.</summary>
internal static class KudgeResultFiles
{
    /// <summary>Every row of the result files named by <paramref name="pattern"/> (<c>_pointwise_*.csv</c>), in file order.</summary>
    public static List<(string File, int Row, string Output, string Decision)> Read(string pattern)
    {
        var files = Directory.GetFiles(SharedData.PathOf("data", "kudge", "results"), pattern, SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var outputs = new List<(string, int, string, string)>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(file);
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            var row = 0;
            foreach (var record in csv.GetRecords<dynamic>())
            {
                var fields = (IDictionary<string, object>)record;
                outputs.Add((file, ++row, (string)fields["output"], (string)fields["decision"]));
            }
        }
        return outputs;
    }
}
