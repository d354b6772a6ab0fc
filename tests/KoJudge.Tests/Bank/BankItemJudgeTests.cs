using KoJudge.Bank;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.Statistics;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Bank;

public sealed class BankItemJudgeTests
{
    private static readonly Rubric Writing = RubricCatalog.Find("writing")!.Rubric;

    [Fact]
    public async Task A_bank_of_KoJudge_results_scores_unseen_models_answers_on_1_to_5_as_their_gold_ranks_them()
    {
        var sets = SyntheticLogicKor.Sets(models: 90, questions: 6, strategies: ["default"]);
        var heldOut = sets.Where((_, m) => m % 9 == 4).ToList();
        var folder = Directory.CreateTempSubdirectory("kojudge-bank-items-").FullName;
        var (items, results) = SyntheticLogicKor.WriteItemsAndResults(sets.Except(heldOut), folder);
        var bankJudge = BankJudge.Create(JudgmentBank.ReadResults(results, items));
        Assert.Equal(BankMethod.Model, bankJudge.Method);
        Assert.Equal(BankScale.Prometheus, bankJudge.Bank.Scale);
        var judge = new BankItemJudge(bankJudge);

        var estimates = new List<double>();
        var golds = new List<double>();
        foreach (var set in heldOut)
        {
            foreach (var record in set.Records)
            {
                var item = new JudgeItem($"{set.Model}/{record.Id}", record.Questions[0], record.Outputs![0], Reference: null, Writing);
                var row = await judge.JudgeAsync(item, TestContext.Current.CancellationToken);
                Assert.NotNull(row.ExpectedScore);
                Assert.InRange(row.ExpectedScore.Value, 1, 5);
                Assert.Equal((int)Math.Round(row.ExpectedScore.Value, MidpointRounding.AwayFromZero), row.Score);
                // The neighbours come from the bank, on the gold's 1-5, never from the model judged.
                Assert.StartsWith("nearest judged answers: org", row.Feedback, StringComparison.Ordinal);
                Assert.DoesNotContain(set.Model + "/", row.Feedback, StringComparison.Ordinal);
                estimates.Add(row.ExpectedScore.Value);
                // The oracle: the generator's gold, on 1-5 as the bank holds it.
                golds.Add(1 + (record.SingleTurn!.Score!.Value / 2.5));
            }
        }

        var rho = Correlation.Spearman(estimates, golds)!.Value;
        var meanError = estimates.Zip(golds, (e, g) => Math.Abs(e - g)).Average();
        Assert.True(rho > 0.85, $"Spearman {rho:0.000}");
        Assert.True(meanError < 0.6, $"mean absolute error {meanError:0.000} on 1-5");
    }

    [Fact]
    public async Task An_instruction_the_bank_has_not_seen_fails_as_unjudgeable_with_no_score()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-bank-items-").FullName;
        var (items, results) = SyntheticLogicKor.WriteItemsAndResults(SyntheticLogicKor.Sets(models: 10), folder);
        var judge = new BankItemJudge(BankJudge.Create(JudgmentBank.ReadResults(results, items)));

        var row = await judge.JudgeAsync(new JudgeItem("new", "처음 보는 질문", "답변입니다", null, Writing), TestContext.Current.CancellationToken);

        Assert.Null(row.Score);
        Assert.Null(row.ExpectedScore);
        Assert.Equal(ErrorKind.Unjudgeable, row.ErrorKind);
        Assert.Contains("no judged answers to this instruction", row.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_bank_scores_by_the_simple_form_and_its_estimates_stay_on_the_gold_scale()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-bank-items-").FullName;
        var sets = SyntheticLogicKor.Sets(models: 10, strategies: ["default"]);
        var (items, results) = SyntheticLogicKor.WriteItemsAndResults(sets, folder);
        var judge = BankJudge.Create(JudgmentBank.ReadResults(results, items));

        Assert.Equal(BankMethod.Simple, judge.Method);
        var bank = judge.Bank;
        // An answer copied from the best model is estimated above one copied from the worst.
        var best = sets[^1].Records[0].Outputs![0];
        var worst = sets[0].Records[0].Outputs![0];
        var question = bank.QuestionOf(sets[0].Records[0].Questions[0])!.Value;
        var high = judge.Estimate(question, KoJudge.LogicKor.LogicKorTurn.SingleTurn, best).Score!.Value;
        var low = judge.Estimate(question, KoJudge.LogicKor.LogicKorTurn.SingleTurn, worst).Score!.Value;
        Assert.InRange(low, 1, 5);
        Assert.InRange(high, 1, 5);
        Assert.True(high > low + 1, $"best {high:0.00}, worst {low:0.00}");
    }

    [Fact]
    public void A_result_without_its_item_and_a_repeated_result_are_refused_naming_file_line_and_field()
    {
        var folder = Directory.CreateTempSubdirectory("kojudge-bank-items-").FullName;
        var (items, results) = SyntheticLogicKor.WriteItemsAndResults(SyntheticLogicKor.Sets(models: 2), folder);
        var lines = File.ReadAllLines(results);

        File.WriteAllLines(results, [.. lines, """{"id":"nobody/default/1","score":3}"""]);
        var missing = Assert.Throws<InputFormatException>(() => JudgmentBank.ReadResults(results, items));
        Assert.Equal((results, lines.Length + 1, "id"), (missing.File, missing.Line, missing.Field));
        Assert.Contains("no item with id 'nobody/default/1'", missing.Message, StringComparison.Ordinal);

        File.WriteAllLines(results, [.. lines, lines[0]]);
        var repeated = Assert.Throws<InputFormatException>(() => JudgmentBank.ReadResults(results, items));
        Assert.Equal((lines.Length + 1, "id"), (repeated.Line, repeated.Field));

        File.WriteAllLines(results, [.. lines, """{"id":"x","score":7}"""]);
        var offScale = Assert.Throws<InputFormatException>(() => JudgmentBank.ReadResults(results, items));
        Assert.Equal((lines.Length + 1, "score"), (offScale.Line, offScale.Field));
    }
}
