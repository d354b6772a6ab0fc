using System.Text.Json;
using KoJudge.ChatTemplates;
using KoJudge.LlamaCpp.Tests.Support;
using KoJudge.TestSupport;
using Microsoft.Extensions.AI;

namespace KoJudge.LlamaCpp.Tests.Generation;

public sealed class ChatClientTests
{
    [Fact]
    public async Task The_models_own_template_renders_as_KoJudges_Llama3_template()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny());
        var prompt = JudgeItems.Item(0).RenderPrompt();

        var rendered = engine.RenderPrompt([new ChatMessage(ChatRole.System, "공정한 심판"), new ChatMessage(ChatRole.User, prompt)]);

        Assert.Equal(Llama3ChatTemplate.Render(prompt, "공정한 심판"), Llama3ChatTemplate.BeginOfText + rendered);
        Assert.Equal(
            engine.Generator.Tokenize(Llama3ChatTemplate.Render(prompt, "공정한 심판"), addBos: false),
            engine.TokenizePrompt(rendered));
    }

    [Fact]
    public async Task Greedy_replies_are_reproducible_and_streaming_gives_the_same_text()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny());
        var chat = engine.AsChatClient();
        var messages = new[] { new ChatMessage(ChatRole.User, JudgeItems.Item(1).RenderPrompt()) };
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 40 };

        var first = await chat.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        var second = await chat.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(messages, options, TestContext.Current.CancellationToken))
        {
            streamed.Add(update);
        }

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Text, string.Concat(streamed.Select(u => u.Text)));
        Assert.Equal(first.FinishReason, streamed[^1].FinishReason);
        Assert.InRange(first.Usage!.OutputTokenCount!.Value, 1, 40);
        Assert.Equal(first.FinishReason == ChatFinishReason.Length, first.Usage.OutputTokenCount == 40);
        Assert.Equal("tiny-v1", first.ModelId);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_reply_before_it()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny());
        var chat = engine.AsChatClient();
        var messages = new[] { new ChatMessage(ChatRole.User, JudgeItems.Item(2).RenderPrompt()) };
        var full = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 60 }, TestContext.Current.CancellationToken);
        var stop = full.Text.Substring(full.Text.Length / 2, 2);

        var stopped = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 60, StopSequences = [stop] }, TestContext.Current.CancellationToken);

        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task Sampling_with_a_seed_is_reproducible_and_differs_from_greedy()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny());
        var chat = engine.AsChatClient();
        var messages = new[] { new ChatMessage(ChatRole.User, JudgeItems.Item(3).RenderPrompt()) };

        var greedy = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 30 }, TestContext.Current.CancellationToken);
        var a = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 30, Temperature = 1, Seed = 5 }, TestContext.Current.CancellationToken);
        var b = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 30, Temperature = 1, Seed = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal(a.Text, b.Text);
        Assert.NotEqual(greedy.Text, a.Text);
    }

    [Fact]
    public void The_real_vocabulary_tokenizes_the_seed_example_as_Hugging_Faces_tokenizer()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed-example-llama3-ids.json")));
        var expected = fixture.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var example = KoJudge.Prompts.KoPrometheusSeed.Example;
        var chat = Llama3ChatTemplate.Render(KoJudge.Prompts.AbsoluteGradingPrompt.Render(
            example.Instruction, example.Response, example.Reference, KoJudge.Prompts.RubricCatalog.Find("math")!.Rubric));
        using var tokenizer = LlamaCppTokenizer.Load(GeneratedModels.RealVocabulary());

        var ids = tokenizer.Tokenize(chat);

        Assert.Equal(620, expected.Length);
        Assert.Equal(expected, ids);
    }
}
