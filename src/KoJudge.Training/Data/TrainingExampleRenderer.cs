using System.Globalization;
using KoJudge.ChatTemplates;

namespace KoJudge.Training.Data;

/// <summary>
/// Renders training rows as the judge sees them at inference: the seed's absolute-grading prompt in the Llama-3 chat
/// template, ready for the assistant, then the target <c>Feedback: {feedback} [RESULT] {score}</c> and the end of turn.
/// </summary>
/// <param name="maxLength">The most tokens an example may have, prompt and target together.</param>
/// <param name="systemPrompt">The system prompt the judge will be run with, if any.</param>
public sealed class TrainingExampleRenderer(ByteLevelBpeTokenizer tokenizer, int maxLength, string? systemPrompt = null)
{
    private readonly ByteLevelBpeTokenizer tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
    private readonly int maxLength = maxLength >= 1 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "An example must be allowed at least one token.");

    /// <summary>The chat text of the row's prompt, exactly as <c>kojudge prompt --chat</c> and the judge render it.</summary>
    public string PromptText(TrainingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Llama3ChatTemplate.Render(row.Item.RenderPrompt(), systemPrompt);
    }

    /// <summary>What the model is taught to reply, in the form the verdict parser reads, closed by the end-of-turn token.</summary>
    public static string TargetText(TrainingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture, $"Feedback: {row.Feedback} [RESULT] {row.Score}{Llama3ChatTemplate.EndOfTurn}");
    }

    /// <exception cref="ExampleTooLongException">The example has more than the allowed tokens.</exception>
    public TrainingExample Render(TrainingRow row)
    {
        // Apart, as at inference: the judge's prompt is tokenized alone and the reply's tokens follow it.
        var prompt = tokenizer.Encode(PromptText(row));
        var target = tokenizer.Encode(TargetText(row));
        var length = prompt.Length + target.Length;
        return length <= maxLength ? new TrainingExample(prompt, target, row.Origin) : throw new ExampleTooLongException(row.Origin, length, maxLength);
    }

    /// <summary>Renders every row; each one too long is reported rather than cut.</summary>
    public TrainingExampleSet RenderAll(IEnumerable<TrainingRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var examples = new List<TrainingExample>();
        var tooLong = new List<ExampleTooLongException>();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                examples.Add(Render(row));
            }
            catch (ExampleTooLongException e)
            {
                tooLong.Add(e);
            }
        }
        return new TrainingExampleSet(examples, tooLong);
    }
}
