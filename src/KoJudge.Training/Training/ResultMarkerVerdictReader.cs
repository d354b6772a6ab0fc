using KoJudge.Training.Data;

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

    /// <summary>
    /// The reader for targets that <paramref name="tokenizer"/> encodes as <see cref="TrainingExampleRenderer"/> writes
    /// them (<c>… [RESULT] 4&lt;|eot_id|&gt;</c>). The marker is taken with the spaces around it, as byte-level
    /// pre-tokenizers (Llama-3's) split a digit from the space before it; each score must be one token.
    /// </summary>
    /// <exception cref="ArgumentException">A score from 1 to 5 is more than one token in this tokenizer.</exception>
    public static ResultMarkerVerdictReader For(ByteLevelBpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var scores = Enumerable.Range(1, 5).Select(score => tokenizer.Encode(score.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        if (scores.Any(ids => ids.Length != 1))
        {
            throw new ArgumentException($"{tokenizer.Name} writes a score from 1 to 5 as more than one token, so no verdict can be read from one token.", nameof(tokenizer));
        }
        return new ResultMarkerVerdictReader(tokenizer.Encode(" [RESULT] "), [.. scores.Select(ids => ids[0])]);
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
