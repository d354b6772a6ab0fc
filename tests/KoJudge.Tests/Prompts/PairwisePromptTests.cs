using KoJudge.Prompts;
using KoJudge.Verdicts;

namespace KoJudge.Tests.Prompts;

public sealed class PairwisePromptTests
{
    private static readonly Rubric Math = RubricCatalog.Find("math")!.Rubric;

    [Fact]
    public void The_built_in_prompt_shows_instruction_both_responses_reference_and_rubric_in_Prometheus_order_then_asks_for_feedback()
    {
        var text = PairwisePrompt.BuiltIn().Render("미분하시오.", "첫째 답", "둘째 답", "9x^2", Math);

        string[] order = ["###과제 설명:", "###지시문:\n미분하시오.", "###응답 A:\n첫째 답", "###응답 B:\n둘째 답", "###참고 답안:\n9x^2", "###평가 기준:\n" + Math.ToPromptText(), "###Feedback: "];
        var at = order.Select(part => text.IndexOf(part, StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i >= 0));
        Assert.Equal(at.Order(), at);
        Assert.EndsWith("###Feedback: ", text, StringComparison.Ordinal);
        Assert.Contains("\"Feedback: (두 응답을 견준 피드백) [RESULT] (A 또는 B)\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_reference_the_prompt_drops_its_section_and_the_words_about_it()
    {
        var text = PairwisePrompt.BuiltIn().Render("질문", "가", "나", null, Math);

        Assert.DoesNotContain("참고 답안", text, StringComparison.Ordinal);
        Assert.Contains("###응답 B:\n나\n\n###평가 기준:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_rubric_the_general_criteria_are_shown()
    {
        var text = PairwisePrompt.BuiltIn().Render("질문", "가", "나", null, null);

        Assert.Contains("###평가 기준:\n" + PairwisePrompt.GeneralCriteria + "\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PairwiseVerdictFormat.Brackets, new[] { "[[A]]", "[[B]]", "[[C]]" })]
    [InlineData(PairwiseVerdictFormat.Arena, new[] { "[[A>>B]]", "[[A>B]]", "[[A=B]]", "[[B>A]]", "[[B>>A]]" })]
    public void The_built_in_prompt_asks_for_the_format_it_is_read_in(PairwiseVerdictFormat format, string[] markers)
    {
        var text = PairwisePrompt.BuiltIn(format).Render("질문", "가", "나", null, Math);

        Assert.All(markers, m => Assert.Contains(m, text, StringComparison.Ordinal));
        Assert.DoesNotContain("[RESULT]", text, StringComparison.Ordinal);
        // The prompt's own list of markers, echoed back as a reply, is no verdict.
        Assert.Null(PairwiseVerdictParser.Parse(text, PairwiseVerdictFormat.Result).Winner);
    }

    [Fact]
    public void The_prompt_echoed_back_gives_no_verdict()
    {
        var text = PairwisePrompt.BuiltIn().Render("질문", "가", "나", null, Math);

        var verdict = PairwiseVerdictParser.Parse(text, PairwiseVerdictFormat.Result);

        Assert.Null(verdict.Winner);
        Assert.Contains("placeholder", verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_from_a_file_fills_every_slot_once_and_leaves_braces_in_the_texts_alone()
    {
        var prompt = PairwisePrompt.FromTemplate("[Q] {instruction}\n[A] {response_a}\n[B] {response_b}\n[R] {reference}\n[C] {rubric}\n{other}", PairwiseVerdictFormat.Brackets, "mt-bench.txt");

        var text = prompt.Render("{response_b}", "int f() { return 1; }", "{instruction}", null, Math);

        Assert.Equal($"[Q] {{response_b}}\n[A] int f() {{ return 1; }}\n[B] {{instruction}}\n[R] \n[C] {Math.ToPromptText()}\n{{other}}", text);
        Assert.Equal(PairwiseVerdictFormat.Brackets, prompt.Format);
    }

    [Fact]
    public void A_template_without_a_response_slot_is_refused_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => PairwisePrompt.FromTemplate("{instruction} {response_a}", PairwiseVerdictFormat.Result, "t.txt"));

        Assert.Contains("{response_b}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_up_pair_shows_each_sides_own_first_answer_and_swapping_swaps_whole_conversations()
    {
        var item = new KoJudge.Pairwise.PairwiseItem("p", "후속 질문", "A의 둘째", "B의 둘째", null, Math, PriorTurn: new KoJudge.Pairwise.PairwisePriorTurn("첫 질문", "A의 첫째", "B의 첫째"));

        var asGiven = item.RenderPrompt(PairwisePrompt.BuiltIn(), swapped: false);
        var swapped = item.RenderPrompt(PairwisePrompt.BuiltIn(), swapped: true);

        string[] order = ["###첫 질문:\n첫 질문", "###A의 첫 답변:\nA의 첫째", "###B의 첫 답변:\nB의 첫째", "###지시문(후속 질문):\n후속 질문", "###응답 A:\nA의 둘째", "###응답 B:\nB의 둘째"];
        var at = order.Select(part => asGiven.IndexOf(part, StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i >= 0));
        Assert.Equal(at.Order(), at);
        Assert.Contains("###A의 첫 답변:\nB의 첫째", swapped, StringComparison.Ordinal);
        Assert.Contains("###응답 A:\nB의 둘째", swapped, StringComparison.Ordinal);
        Assert.Contains("###B의 첫 답변:\nA의 첫째", swapped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_from_a_file_without_the_first_answer_slots_refuses_a_follow_up_rather_than_drop_its_context()
    {
        var prompt = PairwisePrompt.FromTemplate("{instruction} {response_a} {response_b}", PairwiseVerdictFormat.Result, "t");

        Assert.False(prompt.ShowsPriorTurn);
        Assert.Throws<ArgumentException>(() => prompt.Render("q", "a", "b", null, null, new KoJudge.Pairwise.PairwisePriorTurn("q1", "a1", "b1")));
        Assert.True(PairwisePrompt.FromTemplate("{first_answer_a}{first_answer_b}{instruction}{response_a}{response_b}", PairwiseVerdictFormat.Result, "t").ShowsPriorTurn);
    }
}
