namespace KoJudge.Training.Training;

/// <summary>
/// Reads the verdict as Feedback-Collection targets spell it: the score token right after the last occurrence of the
/// <c>[RESULT]</c> marker's ids (the feedback may quote the marker; the verdict is the last one).
/// </summary>
public sealed class ResultMarkerVerdictReader : IVerdictReader
{
    private readonly int[] marker;
    private readonly int[] scores;

    public ResultMarkerVerdictReader(IReadOnlyList<int> markerIds, IReadOnlyList<int> scoreTokenIds)
    {
        ArgumentNullException.ThrowIfNull(markerIds);
        ArgumentNullException.ThrowIfNull(scoreTokenIds);
        if (markerIds.Count == 0)
        {
            throw new ArgumentException("The marker has no ids.", nameof(markerIds));
        }
        if (scoreTokenIds.Count != 5 || scoreTokenIds.Distinct().Count() != 5)
        {
            throw new ArgumentException("There are five distinct score tokens, for 1 to 5.", nameof(scoreTokenIds));
        }
        (marker, scores) = ([.. markerIds], [.. scoreTokenIds]);
    }

    public IReadOnlyList<int> ScoreTokenIds => scores;

    public ScoreSlot? Locate(TokenizedExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var target = example.TargetIds.AsSpan();
        var at = target.LastIndexOf(marker);
        var position = at + marker.Length;
        if (at < 0 || position >= target.Length)
        {
            return null;
        }
        var score = Array.IndexOf(scores, target[position]);
        return score < 0 ? null : new ScoreSlot(position, score + 1);
    }
}
