using KoJudge.Verdicts;

namespace KoJudge.Tests.Verdicts;

/// <summary>
/// Every GPT-4o and Claude pairwise judgment in KUDGE's false-information results (MT-Bench's <c>[[A]]</c>/<c>[[B]]</c>
/// format), against the decision KUDGE recorded. KUDGE read the last <c>[[…]]</c> of a reply; where it found none it
/// left the decision empty, and so must the parser find no verdict there.
/// </summary>
public sealed class KudgePairwiseOutputsTests
{
    private static List<(string File, int Row, string Output, string Decision)> Outputs() => KudgeResultFiles.Read("_pairwise_*.csv");

    [Fact]
    public void Every_decided_output_parses_to_KUDGEs_decision()
    {
        var decided = Outputs().Where(o => o.Decision.Length > 0).ToList();

        Assert.True(decided.Count >= 200, $"only {decided.Count} decided rows were read");
        foreach (var (file, row, output, decision) in decided)
        {
            var verdict = PairwiseVerdictParser.Parse(output, PairwiseVerdictFormat.Brackets);
            Assert.True(
                verdict.Winner.ToString() == decision,
                $"{Path.GetDirectoryName(file)![^12..]}/{Path.GetFileName(file)} row {row}: KUDGE decided {decision}, the parser {verdict.Winner?.ToString() ?? verdict.Error}");
            Assert.DoesNotContain($"[[{decision}]]", verdict.Feedback[^Math.Min(8, verdict.Feedback.Length)..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_outputs_KUDGE_left_undecided_give_no_verdict_and_say_why()
    {
        var undecided = Outputs().Where(o => o.Decision.Length == 0).ToList();

        Assert.NotEmpty(undecided);
        Assert.All(undecided, o =>
        {
            var verdict = PairwiseVerdictParser.Parse(o.Output, PairwiseVerdictFormat.Brackets);
            Assert.Null(verdict.Winner);
            Assert.StartsWith("no verdict marker", verdict.Error, StringComparison.Ordinal);
        });
    }
}
