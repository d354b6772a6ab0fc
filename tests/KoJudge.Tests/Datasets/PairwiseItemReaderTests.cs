using KoJudge.Datasets;
using KoJudge.Prompts;

namespace KoJudge.Tests.Datasets;

public sealed class PairwiseItemReaderTests
{
    [Fact]
    public void Reads_every_field_and_takes_the_rubric_from_the_category_where_none_is_given()
    {
        var full = PairwiseItemReader.ParseLine("pairs.jsonl", 1,
            """{"id": 7, "instruction": "질문", "response_a": "가", "response_b": "", "reference": "정답", "rubric": "math", "category": "c", "model_a": "x", "model_b": "y"}""");
        var byCategory = PairwiseItemReader.ParseLine("pairs.jsonl", 2, """{"id": "b", "instruction": "질문", "response_a": "가", "response_b": "나", "category": "코딩(Coding)"}""");
        var bare = PairwiseItemReader.ParseLine("pairs.jsonl", 3, """{"id": "c", "instruction": "질문", "response_a": "가", "response_b": "나"}""");

        Assert.Equal(("7", "질문", "가", "", "정답", "c", "x", "y"), (full.Id, full.Instruction, full.ResponseA, full.ResponseB, full.Reference, full.Category, full.ModelA, full.ModelB));
        Assert.Equal(RubricCatalog.Find("math")!.Rubric, full.Rubric);
        Assert.Equal(RubricCatalog.Find("coding")!.Rubric, byCategory.Rubric);
        Assert.Null(bare.Rubric);
        Assert.Null(bare.ModelA);
    }

    [Theory]
    [InlineData("""{"instruction": "q", "response_a": "a", "response_b": "b"}""", "pairs.jsonl:4: field 'id': missing")]
    [InlineData("""{"id": "x", "instruction": "", "response_a": "a", "response_b": "b"}""", "pairs.jsonl:4: field 'instruction': must not be empty")]
    [InlineData("""{"id": "x", "instruction": "q", "response_b": "b"}""", "pairs.jsonl:4: field 'response_a': missing")]
    [InlineData("""{"id": "x", "instruction": "q", "response_a": "a", "response_b": 3}""", "pairs.jsonl:4: field 'response_b': must be a string, not number")]
    [InlineData("""{"id": "x", "instruction": "q", "response_a": "a", "response_b": "b", "rubric": "poetry"}""", "pairs.jsonl:4: field 'rubric': unknown rubric 'poetry'")]
    [InlineData("""{"id": "x", "instruction": "q", "response_a": "a", "response_b": "b", "model_a": 1}""", "pairs.jsonl:4: field 'model_a': must be a string or null")]
    [InlineData("""{"id": "x", "instruction": "q", "response_a": "a", "response_b": "b", "rubric": {"criteria": "c"}}""", "pairs.jsonl:4: field 'rubric.score1': missing")]
    [InlineData("""{"id": "x", "instruction": "q",""", "pairs.jsonl:4")]
    public void A_bad_line_names_its_file_line_and_field(string line, string expected)
    {
        var e = Assert.Throws<InputFormatException>(() => PairwiseItemReader.ParseLine("pairs.jsonl", 4, line));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
