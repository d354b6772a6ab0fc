using KoJudge.Datasets;
using KoJudge.Prompts;

namespace KoJudge.Tests.Prompts;

public sealed class RubricCatalogTests
{
    [Fact]
    public void Has_the_six_seed_rubrics_each_rendering_back_to_the_seed_text()
    {
        var seedTexts = KoPrometheusSeed.RubricTexts.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal(
            ["reasoning", "math", "writing", "coding", "understanding", "grammar"],
            RubricCatalog.BuiltIn.Select(r => r.Key));
        foreach (var builtIn in RubricCatalog.BuiltIn)
        {
            Assert.Equal(seedTexts[builtIn.Category], builtIn.Rubric.ToPromptText());
        }
    }

    [Theory]
    [InlineData("math", "수학(Math)")]
    [InlineData("MATH", "수학(Math)")]
    [InlineData("수학(Math)", "수학(Math)")]
    [InlineData("grammar", "문법(Grammar)")]
    [InlineData("문법(Grammar)", "문법(Grammar)")]
    [InlineData("이해(Understanding)", "이해(Understanding)")]
    public void Finds_a_rubric_by_key_or_LogicKor_category(string name, string category)
    {
        Assert.Equal(category, RubricCatalog.Find(name)?.Category);
    }

    [Theory]
    [InlineData("physics")]
    [InlineData("수학")]
    [InlineData("")]
    public void Unknown_names_are_not_found(string name)
    {
        Assert.Null(RubricCatalog.Find(name));
    }

    [Fact]
    public void Resolve_explains_an_unknown_rubric_and_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => RubricCatalog.Resolve("physics"));

        Assert.Contains("physics", error.Message, StringComparison.Ordinal);
        Assert.Contains("math (수학(Math))", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_a_custom_rubric_from_a_file()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"criteria": "답변이 친절한가?", "score1": "무례하다.", "score2": "퉁명스럽다.", "score3": "보통이다.", "score4": "친절하다.", "score5": "매우 친절하다."}""");

        var rubric = RubricCatalog.Resolve(path);

        Assert.Equal("[답변이 친절한가?]\nScore 1: 무례하다.\nScore 2: 퉁명스럽다.\nScore 3: 보통이다.\nScore 4: 친절하다.\nScore 5: 매우 친절하다.", rubric.ToPromptText());
    }

    [Theory]
    [InlineData("""{"criteria": "c", "score1": "1", "score2": "2", "score3": "3", "score4": "4"}""", "score5", "missing")]
    [InlineData("""{"criteria": "c", "score1": "1", "score2": 2, "score3": "3", "score4": "4", "score5": "5"}""", "score2", "non-empty string")]
    [InlineData("""{"criteria": "", "score1": "1", "score2": "2", "score3": "3", "score4": "4", "score5": "5"}""", "criteria", "non-empty string")]
    [InlineData("""{"criteria": "c", "score1": "1", "score2": "2", "score3": "  ", "score4": "4", "score5": "5"}""", "score3", "not a blank string")]
    public void A_bad_rubric_file_names_the_file_and_field(string json, string field, string problem)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, json);

        var error = Assert.Throws<InputFormatException>(() => RubricCatalog.LoadFromFile(path));

        Assert.Equal(path, error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubric_file_that_is_not_an_object_names_the_file()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """["criteria"]""");

        var error = Assert.Throws<InputFormatException>(() => RubricCatalog.LoadFromFile(path));

        Assert.Equal(path, error.File);
        Assert.Null(error.Line);
        Assert.Contains("must be a JSON object, not array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubric_file_that_is_not_JSON_names_the_file()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{ criteria: oops");

        var error = Assert.Throws<InputFormatException>(() => RubricCatalog.LoadFromFile(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPromptText_rejects_text_in_another_layout()
    {
        Assert.Null(Rubric.FromPromptText("[c]\nScore 1: a\nScore 2: b"));
        Assert.Null(Rubric.FromPromptText("c\nScore 1: a\nScore 2: b\nScore 3: c\nScore 4: d\nScore 5: e"));
        Assert.Null(Rubric.FromPromptText("[c]\nScore 1: a\nScore 2: b\nScore 3: c\nScore 5: d\nScore 4: e"));
    }
}
