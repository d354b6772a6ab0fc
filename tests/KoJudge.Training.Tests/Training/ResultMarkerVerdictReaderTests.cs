using KoJudge.Training.Training;

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
}
