using KoJudge.Datasets;
using KoJudge.Ranking;

namespace KoJudge.Tests.Ranking;

public sealed class CompareVerdictReaderTests
{
    private static string Write(params string[] lines)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-verdicts-").FullName, "compared.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    [Fact]
    public void Verdicts_become_scores_ties_half_and_a_null_verdict_is_counted_as_failed_for_both_models()
    {
        var path = Write(
            """{"model_a": "x", "model_b": "y", "verdict": "A", "length_a": 10, "length_b": 30}""",
            """{"model_a": "y", "model_b": "x", "verdict": "B"}""",
            """{"model_a": "x", "model_b": "z", "verdict": "tie", "flipped": true}""",
            """{"model_a": "x", "model_b": "z", "verdict": null, "error": "no verdict"}""");

        var set = CompareVerdictReader.Read(path);

        Assert.Equal([1.0, 0.0, 0.5], set.Battles.Select(b => b.ScoreA));
        Assert.Equal([false, false, true], set.Battles.Select(b => b.Flipped));
        Assert.Equal((10, 30), (set.Battles[0].LengthA, set.Battles[0].LengthB));
        Assert.Null(set.Battles[1].LengthA);
        Assert.Equal(1, set.FailedRows);
        Assert.Equal(1, set.FailedByModel["x"]);
        Assert.Equal(1, set.FailedByModel["z"]);
    }

    [Theory]
    [InlineData("""{"model_a": "x", "model_b": "y"}""", false, "field 'verdict': missing")]
    [InlineData("""{"model_a": "x", "model_b": "y", "verdict": "a"}""", false, "field 'verdict': 'a' is none of \"A\", \"B\", \"tie\" or null")]
    [InlineData("""{"model_a": "x", "model_b": "x", "verdict": "A"}""", false, "field 'model_b': names the same model as model_a")]
    [InlineData("""{"model_a": "", "model_b": "y", "verdict": "A"}""", false, "field 'model_a': must be a non-empty string")]
    [InlineData("""{"model_a": "x", "model_b": "y", "verdict": "A", "flipped": "yes"}""", false, "field 'flipped': must be true, false or null")]
    [InlineData("""{"model_a": "x", "model_b": "y", "verdict": "A", "length_a": -1}""", false, "field 'length_a': must not be negative")]
    [InlineData("""{"model_a": "x", "model_b": "y", "verdict": "A", "length_a": 3}""", true, "field 'length_b': missing; length control needs")]
    public void A_bad_row_is_named_by_file_line_and_field(string bad, bool requireLengths, string expected)
    {
        var path = Write("""{"model_a": "x", "model_b": "y", "verdict": "A", "length_a": 1, "length_b": 2}""", bad);

        var error = Assert.Throws<InputFormatException>(() => CompareVerdictReader.Read(path, requireLengths));

        Assert.StartsWith($"{path}:2: {expected}", error.Message, StringComparison.Ordinal);
    }
}
