using System.Text;
using KoJudge.Datasets;

namespace KoJudge.Tests.Datasets;

public sealed class JudgeItemReaderTests
{
    private const string Good = """{"id": "a", "instruction": "질문", "response": "답변", "reference": "정답", "rubric": "math"}""";

    private static string WriteFile(params string[] lines)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Reads_every_field_and_every_rubric_form()
    {
        var path = WriteFile(
            Good,
            """{"id": 2, "instruction": "질문", "response": "", "rubric": "문법(Grammar)", "category": "문법(Grammar)"}""",
            """{"id": "c", "instruction": "질문", "response": "답변", "reference": null, "category": "코딩(Coding)"}""",
            """{"id": "d", "instruction": "질문", "response": "답변", "rubric": {"criteria": "친절한가?", "score1": "1", "score2": "2", "score3": "3", "score4": "4", "score5": "5"}, "extra": [1, 2]}""");

        var items = JudgeItemReader.ReadAll(path);

        Assert.Equal(["a", "2", "c", "d"], items.Select(i => i.Id));
        Assert.Equal("정답", items[0].Reference);
        Assert.Equal("", items[1].Response);
        Assert.Equal("문법(Grammar)", items[1].Category);
        Assert.Null(items[2].Reference);
        Assert.StartsWith("[언어 모델의 답변이 정확하고, 효율적이며, 가독성 있는 코드", items[2].Rubric.ToPromptText(), StringComparison.Ordinal);
        Assert.Equal("친절한가?", items[3].Rubric.Criteria);
    }

    [Fact]
    public void Skips_blank_lines_a_BOM_and_CRLF_line_ends_but_keeps_line_numbers()
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Good + "\r\n\r\n   \n" + Good.Replace("\"a\"", "\"b\"", StringComparison.Ordinal) + "\r\n{")]);

        var error = Assert.Throws<InputFormatException>(() => JudgeItemReader.ReadAll(path));

        Assert.Equal(5, error.Line);
    }

    [Theory]
    [InlineData("""{"id": "x", "instruction": "질문", "response": """, null, "not valid JSON")]
    [InlineData("""["id", "x"]""", null, "must be a JSON object")]
    [InlineData("""{"instruction": "질문", "response": "답변", "rubric": "math"}""", "id", "missing")]
    [InlineData("""{"id": 1.5, "instruction": "질문", "response": "답변", "rubric": "math"}""", "id", "string or a whole number")]
    [InlineData("""{"id": "", "instruction": "질문", "response": "답변", "rubric": "math"}""", "id", "must not be empty")]
    [InlineData("""{"id": "x", "response": "답변", "rubric": "math"}""", "instruction", "missing")]
    [InlineData("""{"id": "x", "instruction": 3, "response": "답변", "rubric": "math"}""", "instruction", "must be a string")]
    [InlineData("""{"id": "x", "instruction": "질문", "rubric": "math"}""", "response", "missing")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": null, "rubric": "math"}""", "response", "must be a string")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변", "reference": 5, "rubric": "math"}""", "reference", "string or null")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변", "rubric": "physics"}""", "rubric", "unknown rubric 'physics'")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변", "rubric": 3}""", "rubric", "rubric name or object")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변"}""", "rubric", "no category")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변", "category": "역사"}""", "rubric", "category '역사' names no built-in rubric")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변", "rubric": {"criteria": "c"}}""", "rubric.score1", "missing")]
    [InlineData("""{"id": "x", "instruction": "질문", "response": "답변", "rubric": "math", "category": 7}""", "category", "string or null")]
    public void A_bad_line_names_the_file_line_and_field(string badLine, string? field, string problem)
    {
        var path = WriteFile(Good, badLine);

        var error = Assert.Throws<InputFormatException>(() => JudgeItemReader.ReadAll(path));

        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"{path}:2: ", error.Message, StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Contains($"field '{field}'", error.Message, StringComparison.Ordinal);
        }
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_names_both_lines()
    {
        var path = WriteFile(Good, Good);

        var error = Assert.Throws<InputFormatException>(() => JudgeItemReader.ReadAll(path));

        Assert.Equal(2, error.Line);
        Assert.Equal("id", error.Field);
        Assert.Contains("duplicate id 'a' (first on line 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_reported_on_its_own_line()
    {
        var path = Path.GetTempFileName();
        var bad = Encoding.UTF8.GetBytes(Good.Replace("\"a\"", "\"b\"", StringComparison.Ordinal));
        bad[30] = 0xFF;
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Good + "\n"), .. bad, (byte)'\n', .. Encoding.UTF8.GetBytes(Good)]);

        var error = Assert.Throws<InputFormatException>(() => JudgeItemReader.ReadAll(path));

        Assert.Equal(2, error.Line);
        Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
    }
}
