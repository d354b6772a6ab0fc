using System.Text;
using System.Text.Json.Serialization;

namespace KoJudge.Prompts;

/// <summary>
/// A Prometheus score rubric: the criteria and what each score from 1 to 5 means.
/// </summary>
public sealed record Rubric(
    [property: JsonPropertyName("criteria")] string Criteria,
    [property: JsonPropertyName("score1")] string Score1,
    [property: JsonPropertyName("score2")] string Score2,
    [property: JsonPropertyName("score3")] string Score3,
    [property: JsonPropertyName("score4")] string Score4,
    [property: JsonPropertyName("score5")] string Score5)
{
    /// <summary>The descriptions of scores 1 to 5, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ScoreDescriptions => [Score1, Score2, Score3, Score4, Score5];

    /// <summary>
    /// The rubric as the prompt shows it: <c>[criteria]</c>, then one <c>Score n: …</c> line per score,
    /// the layout of Prometheus's SCORE_RUBRIC_TEMPLATE and of the seed's six rubrics.
    /// </summary>
    public string ToPromptText()
    {
        var text = new StringBuilder().Append('[').Append(Criteria).Append(']');
        for (var score = 1; score <= 5; score++)
        {
            text.Append('\n').Append("Score ").Append(score).Append(": ").Append(ScoreDescriptions[score - 1]);
        }
        return text.ToString();
    }

    /// <summary>
    /// Reads a rubric written in the prompt's layout (the inverse of <see cref="ToPromptText"/>).
    /// Returns null where the text is not in that layout.
    /// </summary>
    public static Rubric? FromPromptText(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length != 6 || !lines[0].StartsWith('[') || !lines[0].EndsWith(']'))
        {
            return null;
        }
        var descriptions = new string[5];
        for (var score = 1; score <= 5; score++)
        {
            var prefix = $"Score {score}: ";
            if (!lines[score].StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }
            descriptions[score - 1] = lines[score][prefix.Length..];
        }
        return new Rubric(lines[0][1..^1], descriptions[0], descriptions[1], descriptions[2], descriptions[3], descriptions[4]);
    }
}
