using KoJudge.Prompts;
using KoJudge.TestSupport;

namespace KoJudge.Tests.Prompts;

public sealed class KoPrometheusSeedTests
{
    [Fact]
    public void The_embedded_seed_is_the_shared_seed_byte_for_byte()
    {
        var shared = File.ReadAllText(SharedData.PathOf("seed", "ko-prometheus-prompt.json"));

        Assert.Equal(shared, KoPrometheusSeed.ReadRawJson());
    }

    [Fact]
    public void The_embedded_example_is_the_call_and_the_printed_result_on_the_seed_card()
    {
        // The card's copy lost its line breaks, but its code keeps the example as Python literals, '\n' escapes and all.
        var card = File.ReadAllText(SharedData.PathOf("seed", "000_ae89f945d7ecc0e4.txt"));
        var example = KoPrometheusSeed.Example;

        Assert.Contains($"print(judge( \"{example.Instruction}\", \"{example.Response.Replace("\n", "\\n", StringComparison.Ordinal)}\", \"{example.Reference}\", RUBRICS[\"{example.Category}\"] ))", card, StringComparison.Ordinal);
        Assert.Contains($"결과: {example.JudgeOutput}', {example.Score}", card, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_has_its_four_slots_and_ends_where_the_judge_writes()
    {
        var template = KoPrometheusSeed.AbsoluteGradingTemplate;

        foreach (var slot in new[] { "{instruction}", "{response}", "{reference}", "{rubrics}" })
        {
            Assert.Contains(slot, template, StringComparison.Ordinal);
        }
        Assert.StartsWith("###Task Description:\n", template, StringComparison.Ordinal);
        Assert.EndsWith("\n\n###Feedback:", template, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_is_the_seed_cards_math_item()
    {
        var example = KoPrometheusSeed.Example;

        Assert.Equal("수학(Math)", example.Category);
        Assert.Equal("9x^2 + 4x", example.Reference);
        Assert.Equal(4, example.Score);
        Assert.EndsWith("[RESULT] 4", example.JudgeOutput, StringComparison.Ordinal);
    }
}
