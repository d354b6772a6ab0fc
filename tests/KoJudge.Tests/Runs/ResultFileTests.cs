using System.Text;
using KoJudge.Datasets;
using KoJudge.Runs;

namespace KoJudge.Tests.Runs;

public sealed class ResultFileTests
{
    private const string Scored = """{"id":"a","request_hash":"h1","score":4}""";
    private const string Failed = """{"id":"b","request_hash":"h2","score":null,"error":"engine error: 503"}""";

    private static string Write(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-results-").FullName, "out.jsonl");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Checked_without_repair_a_torn_last_line_is_passed_over_and_the_file_left_as_it_is()
    {
        var text = $"{Scored}\n{Failed}\n{{\"id\":\"c\",\"sco";
        var path = Write(text);

        var checkedOnly = ResultFile.Open(path, repair: false);
        var untouched = File.ReadAllText(path);
        var repaired = ResultFile.Open(path);

        Assert.Equal(["a", "b"], checkedOnly.HashById.Keys.Order(StringComparer.Ordinal));
        Assert.False(checkedOnly.RepairedTornLine);
        Assert.Equal(text, untouched);
        Assert.True(repaired.RepairedTornLine);
        Assert.Equal($"{Scored}\n{Failed}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_line_that_is_not_a_result_is_refused_with_its_place_even_when_only_checked()
    {
        var path = Write($"{Scored}\nnot json\n");

        var error = Assert.Throws<InputFormatException>(() => ResultFile.Open(path, repair: false));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Rows_without_a_score_are_known_and_can_be_dropped_leaving_the_others_byte_for_byte()
    {
        var path = Write($"{Scored}\n{Failed}\n");

        var file = ResultFile.Open(path);
        var left = file.DropRows(path, file.FailedIds);

        Assert.Equal(["b"], file.FailedIds);
        Assert.Equal(["a"], left.HashById.Keys);
        Assert.Empty(left.FailedIds);
        Assert.Equal($"{Scored}\n", File.ReadAllText(path));
        Assert.Equal(left.HashById, ResultFile.Open(path).HashById);
        Assert.False(File.Exists(path + ".rewrite"));
    }
}
