using System.Text.Json;
using KoJudge.Bank;
using KoJudge.Datasets;
using KoJudge.Judging;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Bank;

public sealed class BankJudgeTests
{
    private static readonly BankJudgeOptions Options = new() { Model = new BankModelOptions { MinimumExamplesPerLeaf = 5 } };

    [Fact]
    public void Leave_one_model_out_judges_each_model_exactly_as_a_bank_that_never_had_it_and_a_planted_copy_does_not_leak()
    {
        var sets = SyntheticLogicKor.Sets();
        // The planted model writes good answers that its (made-up) gold scores 0, and its 1-shot answers are exact
        // copies of its default ones: were its own answers in the bank, its estimates would fall towards 0.
        var planted = sets.Where(s => s.Model == "org0/model-9").ToList();
        var copies = planted.Single(s => s.Strategy == "default").Records
            .Select(r => r with { SingleTurn = r.SingleTurn! with { Score = 0 }, MultiTurn = r.MultiTurn! with { Score = 0 } })
            .ToList();
        sets = [.. sets.Except(planted), planted[0] with { Records = copies }, planted[1] with { Records = copies }];
        var bank = JudgmentBank.FromLogicKor(sets);

        var estimates = LeaveOneModelOut.Evaluate(bank, ModelAliases.None(bank.Models), "default", Options);

        Assert.Equal(10 * 6 * 2, estimates.Count);
        foreach (var model in new[] { "org0/model-9", "org1/model-4", "org0/model-0" })
        {
            // The oracle: a bank judge built from a bank without the model at all.
            var without = BankJudge.Create(bank.Without(new HashSet<string> { model }), Options);
            foreach (var estimate in estimates.Where(e => e.Answer.Model == model))
            {
                var answer = estimate.Answer;
                var alone = without.Estimate(answer.QuestionId, answer.Turn, answer.Answer, answer.FirstTurnAnswer);
                Assert.Equal(alone.Score!.Value, estimate.Estimate, precision: 9);
                Assert.DoesNotContain(alone.Neighbours, n => n.Model == model);
            }
        }
        // The planted model's good first-turn answers are estimated high, as the other models' gold says, not 0 as its own copy says.
        var plantedFirstTurn = estimates.Where(e => e.Answer.Model == "org0/model-9" && e.Answer.Turn == LogicKorTurn.SingleTurn).Average(e => e.Estimate);
        Assert.True(plantedFirstTurn > 6, $"mean estimate {plantedFirstTurn}");
    }

    [Fact]
    public void A_model_under_another_name_is_found_as_an_alias_and_held_out_with_it()
    {
        var sets = SyntheticLogicKor.Sets();
        var original = sets.Where(s => s.Model == "org1/model-7").ToList();
        sets.AddRange(original.Select(s => s with { Model = "router/model-7-renamed" }));
        var bank = JudgmentBank.FromLogicKor(sets);

        var aliases = ModelAliases.Detect(bank);

        Assert.Equal(["org1/model-7", "router/model-7-renamed"], aliases.Groups.Single(g => g.Count > 1));
        Assert.Equal(10, aliases.Groups.Count);
        var estimates = LeaveOneModelOut.Evaluate(bank, aliases, "default", Options);
        var without = BankJudge.Create(bank.Without(aliases.WithAliases("org1/model-7")), Options);
        foreach (var estimate in estimates.Where(e => e.Answer.Model == "org1/model-7"))
        {
            var answer = estimate.Answer;
            Assert.Equal(without.Estimate(answer.QuestionId, answer.Turn, answer.Answer, answer.FirstTurnAnswer).Score!.Value, estimate.Estimate, precision: 9);
        }
    }

    [Fact]
    public async Task Judgments_carried_in_the_input_are_ignored()
    {
        var sets = SyntheticLogicKor.Sets();
        var judge = new LogicKorBankJudge(BankJudge.Create(JudgmentBank.FromLogicKor(sets.Where(s => s.Model != "org2/model-5")), Options));
        var rows = sets.First(s => s.Model == "org2/model-5").Records;
        var clean = rows.Select(r => r with { SingleTurn = null, MultiTurn = null }).ToList();
        var planted = rows.Select(r => r with
        {
            SingleTurn = new LogicKorTurnJudgment("planted", 0),
            MultiTurn = new LogicKorTurnJudgment("planted", 10, "planted error", ErrorKind.EngineError),
            Error = "planted",
            ErrorKind = ErrorKind.EngineError,
        }).ToList();

        foreach (var (cleanRow, plantedRow) in clean.Zip(planted))
        {
            var fromClean = await judge.JudgeAsync(cleanRow, TestContext.Current.CancellationToken);
            var fromPlanted = await judge.JudgeAsync(plantedRow, TestContext.Current.CancellationToken);
            Assert.Equal(JsonSerializer.Serialize(fromClean, KoJudgeJson.Options), JsonSerializer.Serialize(fromPlanted, KoJudgeJson.Options));
            Assert.NotNull(fromPlanted.SingleTurn!.Score);
            Assert.DoesNotContain("planted", JsonSerializer.Serialize(fromPlanted, KoJudgeJson.Options), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_question_fails_as_unjudgeable_with_the_reason_never_a_made_up_score()
    {
        var judge = BankJudge.Create(JudgmentBank.FromLogicKor(SyntheticLogicKor.Sets()), Options);

        var estimate = judge.Estimate(99, LogicKorTurn.SingleTurn, "모르는 질문에 대한 답");
        var row = await new LogicKorBankJudge(judge).JudgeAsync(
            SyntheticLogicKor.Record(99, "모르는 질문에 대한 답", "후속 답", null, null), TestContext.Current.CancellationToken);

        Assert.Null(estimate.Score);
        Assert.Equal(ErrorKind.Unjudgeable, estimate.ErrorKind);
        Assert.Equal("the bank has no judged answers to question 99, turn 1", estimate.Error);
        Assert.Null(row.SingleTurn!.Score);
        Assert.Equal(ErrorKind.Unjudgeable, row.SingleTurn.ErrorKind);
        Assert.Equal("the bank has no judged answers to question 99, turn 2", row.MultiTurn!.Error);
    }

    [Fact]
    public void An_estimate_is_on_the_golds_scale_and_names_its_nearest_judged_answers()
    {
        var sets = SyntheticLogicKor.Sets();
        var judge = BankJudge.Create(JudgmentBank.FromLogicKor(sets.Where(s => s.Model != "org0/model-0")), Options);
        var answer = sets.First(s => s.Model == "org0/model-3").Records[0].Outputs![0];

        var estimate = judge.Estimate(1, LogicKorTurn.SingleTurn, answer);

        // The answer is in the bank (model-3's own), so its nearest neighbour is itself at similarity 1.
        Assert.InRange(estimate.Score!.Value, 0, 10);
        Assert.Equal(3, estimate.Neighbours.Count);
        Assert.Equal(("org0/model-3", 1.0), (estimate.Neighbours[0].Model, estimate.Neighbours[0].Similarity));
        Assert.True(estimate.Neighbours[0].Similarity >= estimate.Neighbours[1].Similarity);
        Assert.StartsWith("nearest judged answers: org0/model-3 (", estimate.Feedback(), StringComparison.Ordinal);
    }

    [Fact]
    public void LogicKors_judge_failures_stay_out_of_the_bank()
    {
        var sets = SyntheticLogicKor.Sets(models: 3);
        var failed = sets[0].Records[0] with { SingleTurn = new LogicKorTurnJudgment(KoJudge.Meta.MetaPairBuilder.LogicKorJudgeFailure, 0) };
        sets[0] = sets[0] with { Records = [failed, .. sets[0].Records.Skip(1)] };

        var bank = JudgmentBank.FromLogicKor(sets);

        Assert.Equal(1, bank.Excluded["gold judge failed (LogicKor wrote 0)"]);
        Assert.Null(bank.Answers.Single(a => a.Model == sets[0].Model && a.Strategy == sets[0].Strategy && a.QuestionId == failed.Id && a.Turn == LogicKorTurn.SingleTurn).Gold);
    }
}
