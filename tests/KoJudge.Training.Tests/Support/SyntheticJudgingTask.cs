using KoJudge.Training.Training;

namespace KoJudge.Training.Tests.Support;

/// <summary>
/// A judging task the random tiny base cannot know: the prompt is fixed template ids around a response of filler ids
/// holding one of five marker ids, and the target is <c>Feedback … [RESULT] {score} {end}</c> where the score is which
/// marker the response holds. Scores are balanced, so always answering one score is right a fifth of the time.
/// </summary>
internal static class SyntheticJudgingTask
{
    private static readonly int[] Instruction = [1, 2, 3, 4];
    private static readonly int[] ResponseOpening = [5, 6];
    private static readonly int[] PromptClosing = [7, 8];
    private static readonly int[] Feedback = [20, 21, 22];
    private static readonly int[] Result = [30, 31];
    private static readonly int[] Markers = [200, 201, 202, 203, 204];
    private const int FirstFiller = 100;
    private const int Fillers = 80;
    private const int End = 60;

    /// <summary>The ids of the scores 1 to 5.</summary>
    public static int[] ScoreIds { get; } = [50, 51, 52, 53, 54];

    public static ResultMarkerVerdictReader Verdicts { get; } = new(Result, ScoreIds);

    public static List<TokenizedExample> Examples(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<TokenizedExample>(count);
        for (var i = 0; i < count; i++)
        {
            var score = (i % 5) + 1;
            var response = Enumerable.Range(0, random.Next(8, 15)).Select(_ => FirstFiller + random.Next(Fillers)).ToList();
            response.Insert(random.Next(response.Count + 1), Markers[score - 1]);
            examples.Add(new TokenizedExample(
                [.. Instruction, .. ResponseOpening, .. response, .. PromptClosing],
                [.. Feedback, .. Result, ScoreIds[score - 1], End]));
        }
        return examples;
    }

    /// <summary>The score an example's target gives, read by position rather than through the reader under test.</summary>
    public static int Score(TokenizedExample example) => Array.IndexOf(ScoreIds, example.TargetIds[Feedback.Length + Result.Length]) + 1;
}
