using System.Text;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Runs;

namespace KoJudge.Tests.Runs;

public sealed class OutputFileTests
{
    private const string Scored = """{"id":"a","request_hash":"h1","score":4}""";
    private const string Failed = """{"id":"b","request_hash":"h2","score":null,"error":"engine error: 503","error_kind":"engine_error"}""";

    private static string Write(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-results-").FullName, "out.jsonl");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Reading_passes_over_a_torn_last_line_and_leaves_the_file_as_it_is_until_it_is_repaired()
    {
        var text = $"{Scored}\n{Failed}\n{{\"id\":\"c\",\"sco";
        var path = Write(text);

        var file = OutputFile.Read(path, JudgeJob.ReadRow);
        var untouched = File.ReadAllText(path);
        var cut = OutputFile.RepairTornLine(path);

        Assert.Equal(["a", "b"], file.Rows.Keys.Order(StringComparer.Ordinal));
        Assert.True(file.EndsTorn);
        Assert.Equal(text, untouched);
        Assert.True(cut);
        Assert.Equal($"{Scored}\n{Failed}\n", File.ReadAllText(path));
        Assert.False(OutputFile.RepairTornLine(path));
    }

    [Fact]
    public void Rows_are_read_with_their_hash_and_whether_and_why_they_failed()
    {
        var file = OutputFile.Read(Write($"{Scored}\n{Failed}\n"), JudgeJob.ReadRow);

        Assert.Equal(new WrittenRow("a", "h1", Failed: false), file.Rows["a"]);
        Assert.Equal(new WrittenRow("b", "h2", Failed: true, ErrorKind.EngineError), file.Rows["b"]);
    }

    [Fact]
    public void A_line_that_is_not_a_result_is_refused_with_its_place()
    {
        var path = Write($"{Scored}\nnot json\n");

        var error = Assert.Throws<InputFormatException>(() => OutputFile.Read(path, JudgeJob.ReadRow));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void An_id_written_twice_is_refused_naming_the_second_line()
    {
        var path = Write($"{Scored}\n{Failed}\n{Scored}\n");

        var error = Assert.Throws<InputFormatException>(() => OutputFile.Read(path, JudgeJob.ReadRow));

        Assert.Equal(3, error.Line);
        Assert.Equal("id", error.Field);
    }

    [Fact]
    public void An_unknown_error_kind_is_refused_naming_the_kinds_there_are()
    {
        var path = Write("""{"id":"a","score":null,"error_kind":"gremlins"}""" + "\n");

        var error = Assert.Throws<InputFormatException>(() => OutputFile.Read(path, JudgeJob.ReadRow));

        Assert.Equal("error_kind", error.Field);
        Assert.Contains("\"no_verdict\"", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_rows_keeps_the_others_byte_for_byte_and_leaves_no_temporary_file()
    {
        var path = Write($"{Scored}\n{Failed}\n");

        var dropped = OutputFile.DropRows(path, (line, _) => line == 2);

        Assert.Equal(1, dropped);
        Assert.Equal($"{Scored}\n", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".rewrite"));
    }
}
