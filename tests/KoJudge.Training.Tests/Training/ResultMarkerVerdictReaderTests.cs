using KoJudge.Training.Data;
using KoJudge.Training.Tests.Data;
using KoJudge.Training.Training;
using KoJudge.TestSupport;

namespace KoJudge.Training.Tests.Training;

public sealed class ResultMarkerVerdictReaderTests
{
    private static readonly ResultMarkerVerdictReader Reader = new([30, 31], [50, 51, 52, 53, 54]);

    [Fact]
    public void The_score_is_the_token_after_the_last_marker_even_when_the_feedback_quotes_the_marker() =>
        Assert.Equal(new ScoreSlot(7, 4), Reader.Locate(new TokenizedExample([1], [20, 30, 31, 50, 21, 30, 31, 53, 60])));

    [Theory]
    [InlineData(new[] { 20, 21, 60 })]
    [InlineData(new[] { 20, 30, 31 })]
    [InlineData(new[] { 20, 30, 31, 99, 60 })]
    [InlineData(new[] { 20, 31, 53, 60 })]
    public void A_target_without_a_marker_then_a_score_token_has_no_verdict(int[] target) =>
        Assert.Null(Reader.Locate(new TokenizedExample([1], target)));

    [Fact]
    public async Task Built_for_Llama_3s_tokenizer_it_reads_each_rendered_rows_own_score_where_the_renderer_put_it()
    {
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(GeneratedModels.Llama3TokenizerJson);
        var reader = ResultMarkerVerdictReader.For(tokenizer);
        var path = Path.Combine(Path.GetTempPath(), $"kojudge-verdicts-{Guid.NewGuid():N}.jsonl");
        // The good rows (scores 5, 3, 1, one quoting braces) and each again with every other score, so all five are read.
        var rows = FeedbackCollectionRows.Good().SelectMany(row => Enumerable.Range(1, 5).Select(score => new Dictionary<string, object?>(row) { ["orig_score"] = (long)score })).ToList();
        FeedbackCollectionRows.WriteJsonLines(path, rows);
        var read = await TrainingRowReader.ReadAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        File.Delete(path);
        var renderer = new TrainingExampleRenderer(tokenizer, 4096);

        foreach (var row in read.Rows)
        {
            var example = renderer.Render(row);
            var slot = reader.Locate(new TokenizedExample([.. example.PromptIds], [.. example.TargetIds]));

            Assert.NotNull(slot);
            Assert.Equal(row.Score, slot.Score);
            // The oracle apart from the reader: the target's text up to the slot ends in "[RESULT] ", and the slot's token is the digit.
            Assert.EndsWith("[RESULT] ", tokenizer.Decode(example.TargetIds.Take(slot.Position)), StringComparison.Ordinal);
            Assert.Equal(row.Score.ToString(System.Globalization.CultureInfo.InvariantCulture), tokenizer.Decode([example.TargetIds[slot.Position]]));
        }
        Assert.Equal(15, read.Rows.Count);
    }
}
