using System.Text;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.LogicKor;

public sealed class LogicKorReaderTests
{
    private const string Row = """{"id": 1, "category": "수학(Math)", "questions": ["q1", "q2"], "outputs": ["a1", "a2"], "references": ["r1", null], "query_single": {"judge_message": "m", "judge_score": 8.0}, "query_multi": {"judge_message": "m2", "judge_score": 6.0}}""";

    private static string Write(params string[] lines)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Reads_the_42_questions()
    {
        var questions = LogicKorReader.Read(SharedData.PathOf("data", "logickor", "questions.jsonl"), requireOutputs: false);

        Assert.Equal(42, questions.Count);
        Assert.Equal(Enumerable.Range(1, 42), questions.Select(q => q.Id).Order());
        Assert.All(questions, q => Assert.Contains(q.Category, LogicKorCategories.All));
        Assert.Equal(25, questions.Count(q => q.ReferenceOf(0) is not null));
    }

    [Fact]
    public void Reads_every_v1_and_v2_judgment_file_BOM_or_not()
    {
        var v2 = LogicKorResultSet.Read(SharedData.PathOf("data", "logickor", "v2", "evaluated"));
        var v1 = LogicKorResultSet.Read(SharedData.PathOf("data", "logickor", "v1", "results"));

        Assert.Equal(132, v2.Count);
        Assert.Equal(44, v2.Select(s => s.Model).Distinct().Count());
        Assert.Equal(["1-shot", "cot-1-shot", "default"], v2.Select(s => s.Strategy).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(v2, s => s.Model == "openai/gpt-4o-2024-05-13" && s.Strategy == "default");
        Assert.Equal(19, v1.Count);
        Assert.Contains(v1, s => s.Model == "HyperClovaX" && s.Strategy == "default");
        Assert.All(v1.Concat(v2), s =>
        {
            Assert.Equal(42, s.Records.Count);
            Assert.All(s.Records, r => Assert.NotNull(r.SingleTurn));
        });
    }

    [Fact]
    public void Reads_a_row_with_its_judgments()
    {
        var record = Assert.Single(LogicKorReader.Read(Write(Row)));

        Assert.Equal(8.0, record.SingleTurn!.Score);
        Assert.Equal(6.0, record.MultiTurn!.Score);
        Assert.Equal("r1", record.ReferenceOf(0));
        Assert.Null(record.ReferenceOf(1));
        Assert.Equal(["a1", "a2"], record.Outputs!);
    }

    [Theory]
    [InlineData("""{"id": "x", "category": "c", "questions": ["q"], "outputs": ["a"], "references": []}""", "id", "whole number")]
    [InlineData("""{"id": 2, "questions": ["q"], "outputs": ["a"], "references": []}""", "category", "missing")]
    [InlineData("""{"id": 2, "category": "c", "questions": "q", "outputs": ["a"], "references": []}""", "questions", "must be an array")]
    [InlineData("""{"id": 2, "category": "c", "questions": ["q", 3], "outputs": ["a"], "references": []}""", "questions[1]", "must be a string")]
    [InlineData("""{"id": 2, "category": "c", "questions": ["q"], "references": []}""", "outputs", "missing")]
    [InlineData("""{"id": 2, "category": "c", "questions": ["q"], "outputs": ["a"], "references": [1]}""", "references[0]", "string or null")]
    [InlineData("""{"id": 2, "category": "c", "questions": ["q"], "outputs": ["a"], "references": [], "query_single": {"judge_message": "m", "judge_score": "9"}}""", "query_single.judge_score", "number or null")]
    [InlineData("""{"id": 2, "category": "c", "questions": ["q"], "outputs": ["a"], "references": [], "query_single": {"judge_message": "m"}}""", "query_single.judge_score", "no error to say why")]
    [InlineData("""{"id": 1, "category": "c", "questions": ["q"], "outputs": ["a"], "references": []}""", "id", "duplicate id 1 (first on line 1)")]
    public void A_malformed_row_names_the_file_line_and_field(string bad, string field, string problem)
    {
        var path = Write(Row, bad);

        var error = Assert.Throws<InputFormatException>(() => LogicKorReader.Read(path));

        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"{path}:2: field '{field}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_judgment_keeps_its_reason_and_no_score()
    {
        var path = Write(Row.Replace("\"judge_score\": 8.0}", "\"judge_score\": null, \"error\": \"no score in the reply\"}", StringComparison.Ordinal));

        var record = Assert.Single(LogicKorReader.Read(path));

        Assert.Null(record.SingleTurn!.Score);
        Assert.Equal("no score in the reply", record.SingleTurn.Error);
    }

    [Theory]
    [InlineData("evaluated/openai/gpt-4o/default.jsonl", "evaluated", "openai/gpt-4o", "default")]
    [InlineData("evaluated/openai/gpt-4o/cot-1-shot.jsonl", null, "openai/gpt-4o", "cot-1-shot")]
    [InlineData("results/judge_HyperClovaX.jsonl", "results", "HyperClovaX", "default")]
    public void Names_model_and_strategy_from_the_layout(string file, string? root, string model, string strategy)
    {
        var directory = Directory.CreateTempSubdirectory("logickor-").FullName;

        var identity = LogicKorResultSet.Identify(Path.Combine(directory, file), root is null ? null : Path.Combine(directory, root));

        Assert.Equal((model, strategy), identity);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("-3")]
    [InlineData("10.5")]
    public void A_judge_score_off_the_0_to_10_scale_is_refused_with_its_place(string score)
    {
        var path = Write(Row, Row.Replace("\"id\": 1", "\"id\": 2", StringComparison.Ordinal).Replace("\"judge_score\": 6.0", $"\"judge_score\": {score}", StringComparison.Ordinal));

        var error = Assert.Throws<InputFormatException>(() => LogicKorReader.Read(path));

        Assert.Equal((2, "query_multi.judge_score"), (error.Line, error.Field));
        Assert.Contains($"from 0 to 10, not {score}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    [InlineData("null, \"error\": \"no score\"")]
    public void Scores_on_the_scale_and_failed_judgments_are_read(string score)
    {
        var path = Write(Row.Replace("\"judge_score\": 6.0", $"\"judge_score\": {score}", StringComparison.Ordinal));

        Assert.Single(LogicKorReader.Read(path));
    }

    [Fact]
    public void An_empty_file_is_refused_rather_than_read_as_no_answers()
    {
        var path = Path.GetTempFileName();

        var error = Assert.Throws<InputFormatException>(() => LogicKorReader.Read(path));

        Assert.Equal($"{path}: holds no rows", error.Message);
    }

    [Fact]
    public void A_folder_without_LogicKor_files_or_without_the_strategy_asked_for_is_refused_naming_what_it_has()
    {
        var empty = Directory.CreateTempSubdirectory("kojudge-empty-").FullName;
        var folder = Directory.CreateTempSubdirectory("kojudge-sets-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "org", "model"));
        File.Copy(Write(Row), Path.Combine(folder, "org", "model", "default.jsonl"));
        File.Copy(Write(Row), Path.Combine(folder, "org", "model", "cot-1-shot.jsonl"));

        var none = Assert.Throws<InputFormatException>(() => LogicKorResultSet.Read(empty));
        var wrong = Assert.Throws<InputFormatException>(() => LogicKorResultSet.Read(folder, "1-shot"));

        Assert.Equal($"{empty}: holds no LogicKor files (*.jsonl)", none.Message);
        Assert.Equal($"{folder}: holds no files of the answer strategy '1-shot'; it has cot-1-shot, default", wrong.Message);
        Assert.Single(LogicKorResultSet.Read(folder, "default"));
    }
}
