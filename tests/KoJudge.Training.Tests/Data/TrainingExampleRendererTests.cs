using System.Text.Json;
using KoJudge.ChatTemplates;
using KoJudge.Datasets;
using KoJudge.LlamaCpp;
using KoJudge.TestSupport;
using KoJudge.Training.Data;
using KoJudge.Verdicts;
using Microsoft.Extensions.AI;

namespace KoJudge.Training.Tests.Data;

public sealed class TrainingExampleRendererTests
{
    [Fact]
    public void The_seed_example_as_a_Feedback_Collection_row_gives_Hugging_Faces_620_prompt_ids()
    {
        var rows = Rows();
        var renderer = new TrainingExampleRenderer(ByteLevelBpeTokenizerTests.Llama3Tokenizer, maxLength: 4096);

        var example = renderer.Render(rows[0]);

        Assert.Equal(ByteLevelBpeTokenizerTests.HuggingFaceIds(), example.PromptIds);
    }

    [Fact]
    public async Task Each_prompt_is_the_text_and_the_ids_the_in_process_judge_feeds_llama_cpp()
    {
        var rows = Rows();
        var renderer = new TrainingExampleRenderer(ByteLevelBpeTokenizerTests.Llama3Tokenizer, maxLength: 4096);
        await using var engine = LlamaCppEngine.Load(new LlamaCppEngineOptions(GeneratedModels.RealVocabulary()) { Threads = 1, Parallel = 1, ContextPerSequence = 64 });

        foreach (var row in rows)
        {
            // What PrometheusJudge sends (the item's prompt as the user turn), rendered by the model's own chat template.
            var rendered = engine.RenderPrompt([new ChatMessage(ChatRole.User, row.Item.RenderPrompt())]);

            Assert.Equal(Llama3ChatTemplate.BeginOfText + rendered, renderer.PromptText(row));
            Assert.Equal(engine.TokenizePrompt(rendered).Select(t => (int)t), renderer.Render(row).PromptIds);
        }
    }

    [Fact]
    public void The_target_is_the_verdict_the_judge_reads_back_then_the_end_of_turn()
    {
        var tokenizer = ByteLevelBpeTokenizerTests.Llama3Tokenizer;
        var rows = Rows();
        var renderer = new TrainingExampleRenderer(tokenizer, maxLength: 4096);

        foreach (var row in rows)
        {
            var target = renderer.Render(row).TargetIds;

            Assert.Equal(128009, target[^1]);
            Assert.DoesNotContain(128009, target.Take(target.Count - 1));
            var reply = tokenizer.Decode(target.Take(target.Count - 1));
            Assert.Equal($"Feedback: {row.Feedback} [RESULT] {row.Score}", reply);
            var verdict = VerdictParser.Parse(reply);
            Assert.Equal(row.Score, verdict.Score);
        }
    }

    [Fact]
    public void An_example_longer_than_the_limit_is_reported_with_its_row_and_never_cut()
    {
        var rows = Rows();
        var full = new TrainingExampleRenderer(ByteLevelBpeTokenizerTests.Llama3Tokenizer, maxLength: int.MaxValue).RenderAll(rows, TestContext.Current.CancellationToken);
        var longest = full.Examples.MaxBy(e => e.Length)!;
        var limit = longest.Length - 1;

        var set = new TrainingExampleRenderer(ByteLevelBpeTokenizerTests.Llama3Tokenizer, limit).RenderAll(rows, TestContext.Current.CancellationToken);

        var tooLong = Assert.Single(set.TooLong);
        Assert.Equal(longest.Origin, tooLong.Origin);
        Assert.Equal((longest.Length, limit), (tooLong.Tokens, tooLong.MaxLength));
        Assert.Equal(full.Examples.Where(e => e != longest).Select(e => e.Origin), set.Examples.Select(e => e.Origin));
        Assert.All(set.Examples, e => Assert.Equal(full.Examples.Single(f => f.Origin == e.Origin).Length, e.Length));
        Assert.Contains($"{longest.Origin}: the example has {longest.Length} tokens", tooLong.Message, StringComparison.Ordinal);
    }

    private static List<TrainingRow> Rows() =>
    [
        .. FeedbackCollectionRows.Good().Select((row, index) =>
        {
            using var json = JsonDocument.Parse(JsonSerializer.Serialize(row));
            return TrainingRowReader.Parse(new JsonRow("train.jsonl", index + 1, json.RootElement));
        }),
    ];
}
