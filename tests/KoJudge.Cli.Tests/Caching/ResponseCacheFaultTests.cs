using KoJudge.Cli.Caching;
using KoJudge.Judging;
using KoJudge.Prompts;
using KoJudge.TestSupport;
using Microsoft.Extensions.Caching.Distributed;

namespace KoJudge.Cli.Tests.Caching;

public sealed class ResponseCacheFaultTests
{
    [Fact]
    public async Task A_failing_cache_fails_no_judgment_and_is_reported_once()
    {
        var engine = new ScriptedChatClient(_ => ScriptedChatClient.Reply("Feedback: 좋다. [RESULT] 5"));
        var reports = new List<string>();
        var judge = new PrometheusJudge(ResponseCache.Wrap(engine, "test-engine", new BrokenCache(), reports.Add));
        var rubric = RubricCatalog.Resolve("math");

        var results = new List<JudgeResult>();
        for (var n = 0; n < 3; n++)
        {
            results.Add(await judge.JudgeAsync(new JudgeItem($"i{n}", $"문항 {n}", "답", null, rubric), TestContext.Current.CancellationToken));
        }

        Assert.All(results, r => Assert.Equal(5, r.Score));
        Assert.All(results, r => Assert.False(r.FromCache));
        Assert.Equal(3, engine.Calls.Count);
        Assert.Equal(["database disk image is malformed"], reports);
    }

    private sealed class BrokenCache : IDistributedCache
    {
        public byte[]? Get(string key) => throw Broken();

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw Broken();

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw Broken();

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => throw Broken();

        public void Refresh(string key) => throw Broken();

        public Task RefreshAsync(string key, CancellationToken token = default) => throw Broken();

        public void Remove(string key) => throw Broken();

        public Task RemoveAsync(string key, CancellationToken token = default) => throw Broken();

        private static IOException Broken() => new("database disk image is malformed");
    }
}
