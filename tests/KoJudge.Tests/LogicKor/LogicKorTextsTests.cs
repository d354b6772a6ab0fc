using System.Text.Json;
using KoJudge.Datasets;
using KoJudge.LogicKor;
using KoJudge.TestSupport;

namespace KoJudge.Tests.LogicKor;

public sealed class LogicKorTextsTests
{
    private static LogicKorTexts Texts(string folder) => LogicKorTexts.Locate(folder, _ => null, out _)!;

    [Theory]
    [InlineData(LogicKorTurn.SingleTurn)]
    [InlineData(LogicKorTurn.MultiTurn)]
    public void A_clones_judge_prompt_is_templates_pys_as_it_stands_which_the_JSON_copy_has_with_one_more_space(LogicKorTurn turn)
    {
        var cloned = Texts(LogicKorCheckout.Cloned()).JudgeSystemPrompt(turn);
        var curated = Texts(LogicKorCheckout.Curated()).JudgeSystemPrompt(turn);

        // The JSON copy is from commit d0d974f; HEAD's templates.py, which evaluator.py sends, dropped a space after rule 1.
        var differs = Enumerable.Range(0, cloned.Length).First(i => cloned[i] != curated[i]);
        Assert.Equal(' ', curated[differs]);
        Assert.Equal("\n2.", curated.Substring(differs + 1, 3));
        Assert.Equal(curated.Remove(differs, 1), cloned);
        Assert.DoesNotContain(" \n", cloned, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("1-shot")]
    [InlineData("cot-1-shot")]
    public void A_clones_strategies_are_those_of_the_JSON_copy(string strategy)
    {
        var cloned = Texts(LogicKorCheckout.Cloned()).Strategy(strategy);
        var curated = Texts(LogicKorCheckout.Curated()).Strategy(strategy);

        Assert.Equal(curated, cloned);
        Assert.Equal(strategy == "default" ? 0 : strategy == "1-shot" ? 2 : 3, cloned.Count);
    }

    [Fact]
    public void An_unknown_strategy_in_templates_py_is_named_with_those_there_are()
    {
        var folder = LogicKorCheckout.Cloned();

        var refused = Assert.Throws<InputFormatException>(() => Texts(folder).Strategy("2-shot"));

        Assert.Equal(Path.Combine(folder, "templates.py"), refused.File);
        Assert.Equal(1, refused.Line);
        Assert.Equal("PROMPT_STRATEGY.2-shot", refused.Field);
        Assert.Contains("cot-1-shot, 1-shot, default", refused.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_what_a_folder_lacks_for_what_is_needed()
    {
        var empty = Directory.CreateTempSubdirectory("kojudge-logickor-empty-").FullName;
        var cloned = LogicKorCheckout.Cloned();
        var all = LogicKorTextParts.Questions | LogicKorTextParts.JudgePrompts | LogicKorTextParts.Strategies;

        Assert.Equal(
            ["questions.jsonl", "templates.py (or judge_template_v2.jsonl) with the judge's prompts", "templates.py (or prompt_strategies.json) with the answer strategies"],
            Texts(empty).Missing(all));
        Assert.Empty(Texts(cloned).Missing(all));
        Assert.Empty(Texts(LogicKorCheckout.Curated()).Missing(all));
        File.Delete(Path.Combine(cloned, "templates.py"));
        Assert.Equal(["templates.py (or judge_template_v2.jsonl) with the judge's prompts"], Texts(cloned).Missing(LogicKorTextParts.JudgePrompts | LogicKorTextParts.Questions));
        var missing = Assert.Throws<InputFormatException>(() => Texts(cloned).JudgeSystemPrompt(LogicKorTurn.SingleTurn));
        Assert.Contains("has neither judge_template_v2.jsonl nor templates.py", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_LogicKor_root_stands_for_its_judgments_as_cloned_or_as_curated()
    {
        var cloned = LogicKorCheckout.Cloned(LogicKorCheckout.SomeModels);
        var curated = LogicKorCheckout.Curated(LogicKorCheckout.SomeModels);

        var fromClone = LogicKorResultSet.Read(cloned);
        var fromCurated = LogicKorResultSet.Read(curated);
        var fromEvaluated = LogicKorResultSet.Read(Path.Combine(cloned, "evaluated"));

        Assert.Equal(9, fromClone.Count);
        Assert.Equal(LogicKorCheckout.SomeModels.Order(StringComparer.Ordinal), fromClone.Select(s => s.Model).Distinct());
        Assert.Equal(fromEvaluated.Select(s => (s.Model, s.Strategy, s.Path)), fromClone.Select(s => (s.Model, s.Strategy, s.Path)));
        Assert.Equal(fromCurated.Select(s => (s.Model, s.Strategy)), fromClone.Select(s => (s.Model, s.Strategy)));
        Assert.Equal(fromCurated.SelectMany(s => s.Records).Select(r => JsonSerializer.Serialize(r)), fromClone.SelectMany(s => s.Records).Select(r => JsonSerializer.Serialize(r)));
        Assert.Equal(Path.Combine(curated, "v2", "evaluated"), LogicKorResultSet.JudgmentsFolder(curated));
    }

    [Fact]
    public void A_LogicKor_root_without_judgments_is_refused_by_name()
    {
        var cloned = LogicKorCheckout.Cloned();

        var refused = Assert.Throws<InputFormatException>(() => LogicKorResultSet.Read(cloned));

        Assert.Equal(cloned, refused.File);
        Assert.Contains("without judgments: no evaluated/", refused.Problem, StringComparison.Ordinal);
    }
}
