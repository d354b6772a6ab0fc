using System.Diagnostics;
using KoJudge.Judging;
using KoJudge.LlamaCpp.Generation;
using KoJudge.LlamaCpp.Tests.Support;

namespace KoJudge.LlamaCpp.Tests.Generation;

public sealed class FailureTests
{
    [Fact]
    public async Task An_overlong_item_fails_alone_while_its_neighbours_succeed()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 4) with { ConstrainVerdict = true });
        var judge = new PrometheusJudge(engine.AsChatClient(), new JudgeOptions { MaxOutputTokens = 48, Retries = 2 });
        var items = Enumerable.Range(0, 6).Select(n => n == 2 ? JudgeItems.Item(n, response: new string('가', 2_000)) : JudgeItems.Item(n)).ToList();

        var results = await Task.WhenAll(items.Select(i => judge.JudgeAsync(i).AsTask()));

        Assert.Null(results[2].Score);
        Assert.Contains("tokens, but a sequence holds 2560", results[2].Error, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.PromptTooLong, results[2].ErrorKind);
        // Asking again cannot make the prompt fit, so the retries the judge has are not spent on it.
        Assert.Equal(1, results[2].Attempts);
        Assert.All(results.Where((_, n) => n != 2), r => Assert.NotNull(r.Score));
    }

    [Fact]
    public async Task Cancelling_a_request_returns_promptly_and_the_engine_goes_on()
    {
        await using var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 2));
        var prompt = engine.TokenizePrompt(JudgeItems.Chat(0));
        using var cancel = new CancellationTokenSource();
        var endless = engine.Generator.GenerateAsync(new GenerationRequest(prompt) { MaxTokens = 1_000_000, IgnoreEndOfGeneration = true }, cancel.Token);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => endless);

        // The work in flight would run for hours; seconds prove it was cut short. One second failed once (1.6 s) on two
        // cores shared with four other builds, which says nothing about the engine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var after = await engine.Generator.GenerateAsync(new GenerationRequest(prompt) { MaxTokens = 4, IgnoreEndOfGeneration = true }, TestContext.Current.CancellationToken);
        Assert.Equal(4, after.CompletionTokens);
    }

    [Fact]
    public async Task Disposing_the_engine_ends_work_in_flight_promptly()
    {
        var engine = LlamaCppEngine.Load(Engines.Tiny(parallel: 2));
        var prompt = engine.TokenizePrompt(JudgeItems.Chat(0));
        var endless = engine.Generator.GenerateAsync(new GenerationRequest(prompt) { MaxTokens = 1_000_000, IgnoreEndOfGeneration = true }, TestContext.Current.CancellationToken);
        var queued = Enumerable.Range(0, 4).Select(_ => engine.Generator.GenerateAsync(new GenerationRequest(prompt) { MaxTokens = 1_000_000, IgnoreEndOfGeneration = true })).ToList();
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        await engine.DisposeAsync();

        // The work in flight would run for hours; seconds prove it was cut short. One second failed once (1.6 s) on two
        // cores shared with four other builds, which says nothing about the engine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => endless);
        foreach (var task in queued)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        }
        Assert.Throws<ObjectDisposedException>(() => { _ = engine.Generator.GenerateAsync(new GenerationRequest(prompt), TestContext.Current.CancellationToken); });
    }

    [Fact]
    public void A_missing_model_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => LlamaCppEngine.Load(new LlamaCppEngineOptions("/nonexistent/model.gguf")));

        Assert.Contains("/nonexistent/model.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_explained()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "not a gguf file");

        var error = Assert.Throws<InvalidDataException>(() => LlamaCppEngine.Load(new LlamaCppEngineOptions(path) { Threads = 1 }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
