using KoJudge.Prompts;

namespace KoJudge.Tests.Prompts;

public sealed class AbsoluteGradingPromptTests
{
    private static readonly Rubric Math = RubricCatalog.Find("math")!.Rubric;

    [Fact]
    public void Fills_the_seed_example_as_pythons_str_format_does()
    {
        var example = KoPrometheusSeed.Example;

        var prompt = AbsoluteGradingPrompt.Render(example.Instruction, example.Response, example.Reference, Math);

        Assert.Contains("###The instruction to evaluate:\nf(x) = 3x^3 + 2x^2 + 58을 미분하시오.\n\n###Response to evaluate:\n함수 f(x)", prompt, StringComparison.Ordinal);
        Assert.Contains("###Reference Answer (Score 5):\n9x^2 + 4x\n\n###Score Rubrics:\n[언어 모델의 답변이 수학적으로 정확하고,", prompt, StringComparison.Ordinal);
        Assert.EndsWith("가장 효율적이고 창의적인 해법을 제시한다.\n\n###Feedback:", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{", prompt.Replace("{rubrics}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_reference_drops_the_section_and_the_words_about_it()
    {
        var prompt = AbsoluteGradingPrompt.Render("질문", "답변", reference: null, Math);

        Assert.Equal(
            "An instruction (might include an Input inside it), a response to evaluate, and a score rubric representing a evaluation criteria are given.",
            prompt.Split('\n')[1]);
        Assert.DoesNotContain("Reference", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("###Response to evaluate:\n답변\n\n###Score Rubrics:\n[", prompt, StringComparison.Ordinal);
        Assert.EndsWith("###Feedback:", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_reference_counts_as_none()
    {
        Assert.Equal(
            AbsoluteGradingPrompt.Render("질문", "답변", reference: null, Math),
            AbsoluteGradingPrompt.Render("질문", "답변", reference: "", Math));
    }

    [Fact]
    public void Braces_in_the_texts_are_never_read_as_slots()
    {
        const string code = "def f(): return {'a': 1} # {response} {reference} {rubrics}";

        var prompt = AbsoluteGradingPrompt.Render("{instruction}를 설명하라", code, "{instruction}", Math);

        Assert.Contains("###The instruction to evaluate:\n{instruction}를 설명하라\n\n", prompt, StringComparison.Ordinal);
        Assert.Contains("###Response to evaluate:\n" + code + "\n\n", prompt, StringComparison.Ordinal);
        Assert.Contains("###Reference Answer (Score 5):\n{instruction}\n\n", prompt, StringComparison.Ordinal);
    }
}
