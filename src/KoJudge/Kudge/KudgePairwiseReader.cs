using System.Globalization;
using KoJudge.Datasets;
using KoJudge.Meta;
using KoJudge.Pairwise;
using KoJudge.Verdicts;

namespace KoJudge.Kudge;

/// <summary>
/// Reads KUDGE's two pairwise sets as gold pairs, telling them apart by their columns:
/// <list type="bullet">
/// <item><c>kudge-challenge.csv</c> (<c>chosen_response</c>, <c>rejected_response</c>, <c>winner</c>, <c>subset</c>):
/// its <c>judge_query</c> is the empty template, so the pair is built from the columns, the chosen answer on the side
/// <c>winner</c> names (so a judge that always says A scores the share of A, not 1). Ids <c>challenge-&lt;row&gt;</c>,
/// grouped by <c>subset</c>.</item>
/// <item><c>k2-eval-pairwise-falseinfo.csv</c> (<c>response_with_false_info</c>, <c>position</c>, <c>winner</c>, the
/// uncorrupted side): the instruction and both answers come out of the filled <c>judge_query</c>, exactly as KUDGE's
/// judges saw them. Ids <c>falseinfo-&lt;row&gt;</c>, grouped by <c>position</c> (word, sentence, general).</item>
/// </list>
/// The ids name the set, so rows judged for one set cannot be scored against the other. Rows are numbered from 1.
/// </summary>
public static class KudgePairwiseReader
{
    public const string ChallengePrefix = "challenge-";
    public const string FalseInfoPrefix = "falseinfo-";

    private const string Instruction = "### Instruction: \n";
    private const string ResponseA = "\n\n### Response A: \n";
    private const string ResponseB = "\n\n### Response B: \n";
    private const string Feedback = "\n\n### Feedback:";

    public static IReadOnlyList<GoldPair> Read(string path)
    {
        var header = KudgeCsv.Header(path);
        var challenge = header.Contains("chosen_response", StringComparer.Ordinal);
        if (!challenge && !header.Contains("response_with_false_info", StringComparer.Ordinal))
        {
            throw new InputFormatException(path, 1, null,
                "is neither of KUDGE's pairwise sets: kudge-challenge.csv has chosen_response, k2-eval-pairwise-falseinfo.csv has response_with_false_info");
        }
        return KudgeCsv.Rows(path, (row, line, field) =>
        {
            var winner = field("winner") switch
            {
                "A" => PairwiseWinner.A,
                "B" => PairwiseWinner.B,
                var other => throw new InputFormatException(path, line, "winner", $"'{other}' is neither A nor B"),
            };
            var number = row.ToString(CultureInfo.InvariantCulture);
            var item = challenge
                ? ChallengeItem(ChallengePrefix + number, field("instruction"), field("chosen_response"), field("rejected_response"), winner, field("subset"))
                : FalseInfoItem(path, line, FalseInfoPrefix + number, field("judge_query"), field("position").Trim('\b', ' '));
            return new GoldPair(item, winner);
        });
    }

    private static PairwiseItem ChallengeItem(string id, string instruction, string chosen, string rejected, PairwiseWinner winner, string subset) =>
        winner == PairwiseWinner.A
            ? new PairwiseItem(id, instruction, chosen, rejected, Category: subset)
            : new PairwiseItem(id, instruction, rejected, chosen, Category: subset);

    private static PairwiseItem FalseInfoItem(string path, int line, string id, string query, string position)
    {
        var instruction = query.IndexOf(Instruction, StringComparison.Ordinal);
        var a = instruction < 0 ? -1 : query.IndexOf(ResponseA, instruction, StringComparison.Ordinal);
        var b = a < 0 ? -1 : query.IndexOf(ResponseB, a, StringComparison.Ordinal);
        var feedback = query.LastIndexOf(Feedback, StringComparison.Ordinal);
        if (instruction < 0 || a < 0 || b < 0 || feedback < b)
        {
            throw new InputFormatException(path, line, "judge_query", "not '### Instruction:', '### Response A:', '### Response B:' and '### Feedback:' in that order");
        }
        return new PairwiseItem(
            id,
            query[(instruction + Instruction.Length)..a],
            query[(a + ResponseA.Length)..b],
            query[(b + ResponseB.Length)..feedback],
            Category: position);
    }
}
