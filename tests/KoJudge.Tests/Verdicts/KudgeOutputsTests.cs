using System.Globalization;
using KoJudge.Verdicts;

namespace KoJudge.Tests.Verdicts;

/// <summary>
/// Every GPT-4o and Claude judgment in KUDGE's false-information results, against the decision KUDGE's own parser
/// recorded. Where KUDGE gave up (an empty decision), the two replies are the ones it could not read.
/// </summary>
public sealed class KudgeOutputsTests
{
    private static List<(string File, int Row, string Output, string Decision)> Outputs() => KudgeResultFiles.Read("_pointwise_*.csv");

    [Fact]
    public void Every_decided_output_parses_to_KUDGEs_decision()
    {
        var decided = Outputs().Where(o => o.Decision.Length > 0).ToList();

        Assert.True(decided.Count >= 160, $"only {decided.Count} decided rows were read");
        foreach (var (file, row, output, decision) in decided)
        {
            var verdict = VerdictParser.Parse(output);
            Assert.True(
                verdict.Score == int.Parse(decision, CultureInfo.InvariantCulture),
                $"{Path.GetFileName(file)} row {row}: expected {decision}, got {verdict.Score?.ToString(CultureInfo.InvariantCulture) ?? verdict.Error}");
            Assert.DoesNotContain("[RESULT]", verdict.Feedback, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_two_outputs_KUDGE_could_not_parse_give_3()
    {
        var undecided = Outputs().Where(o => o.Decision.Length == 0).ToList();

        Assert.Equal(2, undecided.Count);
        Assert.Contains(undecided, o => o.Output.TrimEnd().EndsWith("[결과] 3", StringComparison.Ordinal));
        Assert.Contains(undecided, o => o.Output.TrimEnd().EndsWith("RESULT 3", StringComparison.Ordinal));
        Assert.All(undecided, o => Assert.Equal(3, VerdictParser.Parse(o.Output).Score));
    }
}
