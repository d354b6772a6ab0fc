using KoJudge.Bank;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Bank;

public sealed class BankModelStoreTests
{
    private static readonly BankModelOptions Trees = new() { MinimumExamplesPerLeaf = 5 };

    [Fact]
    public void A_stored_model_scores_exactly_as_a_fresh_fit_and_a_changed_bank_or_a_broken_file_is_fitted_anew()
    {
        var sets = SyntheticLogicKor.Sets(models: 40, questions: 6, strategies: ["default"]);
        var bank = JudgmentBank.FromLogicKor(sets);
        var store = new BankModelStore(Directory.CreateTempSubdirectory("kojudge-bank-store-").FullName);
        var options = new BankJudgeOptions { Model = Trees, Store = store };
        // The oracle: the same bank fitted with no store at all.
        var fresh = BankJudge.Create(bank, options with { Store = null });

        var first = BankJudge.Create(bank, options);
        var second = BankJudge.Create(bank, options);

        Assert.Equal(BankMethod.Model, fresh.Method);
        Assert.False(first.FromStore);
        Assert.True(second.FromStore);
        foreach (var answer in bank.Answers.Where(a => a.Turn == LogicKorTurn.SingleTurn).Take(40))
        {
            var expected = fresh.Estimate(answer.QuestionId, answer.Turn, answer.Answer).Score!.Value;
            Assert.Equal(expected, first.Estimate(answer.QuestionId, answer.Turn, answer.Answer).Score!.Value, precision: 12);
            Assert.Equal(expected, second.Estimate(answer.QuestionId, answer.Turn, answer.Answer).Score!.Value, precision: 12);
        }

        // Without a model the bank is another bank: its own fit, not the stored one.
        Assert.False(BankJudge.Create(bank.Without(new HashSet<string> { "org0/model-0" }), options).FromStore);
        // Other settings are another fit too.
        Assert.False(BankJudge.Create(bank, options with { TrainingShare = 0.4 }).FromStore);

        // A model file cut short is fitted again, and the new fit replaces it.
        foreach (var file in Directory.GetFiles(store.Folder, "*.zip"))
        {
            File.WriteAllBytes(file, File.ReadAllBytes(file)[..100]);
        }
        var repaired = BankJudge.Create(bank, options);
        Assert.False(repaired.FromStore);
        var answerOne = bank.Answers[0];
        Assert.Equal(
            fresh.Estimate(answerOne.QuestionId, answerOne.Turn, answerOne.Answer).Score!.Value,
            repaired.Estimate(answerOne.QuestionId, answerOne.Turn, answerOne.Answer).Score!.Value,
            precision: 12);
        Assert.True(BankJudge.Create(bank, options).FromStore);
    }
}
