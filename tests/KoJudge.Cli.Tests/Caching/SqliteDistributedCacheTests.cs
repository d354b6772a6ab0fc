using KoJudge.Cli.Caching;
using Microsoft.Extensions.Caching.Distributed;

namespace KoJudge.Cli.Tests.Caching;

public sealed class SqliteDistributedCacheTests
{
    private static readonly DistributedCacheEntryOptions NoExpiry = new();

    [Fact]
    public async Task Two_caches_on_one_file_written_from_many_tasks_at_once_keep_every_entry()
    {
        // Two runs sharing the default cache file, each with 32 judgments finishing at once.
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-sqlite-").FullName, "responses.sqlite");
        using var first = new SqliteDistributedCache(path);
        using var second = new SqliteDistributedCache(path);

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, ct) =>
        {
            var cache = n % 2 == 0 ? first : second;
            await cache.SetAsync($"key-{n}", BitConverter.GetBytes(n), NoExpiry, ct);
            Assert.Equal(n, BitConverter.ToInt32((await cache.GetAsync($"key-{n}", ct))!));
        });

        using var reopened = new SqliteDistributedCache(path);
        Assert.All(Enumerable.Range(0, 400), n => Assert.Equal(n, BitConverter.ToInt32(reopened.Get($"key-{n}")!)));
        Assert.Null(reopened.Get("never-set"));
    }

    [Fact]
    public void A_later_value_replaces_an_earlier_one_and_a_removed_key_is_gone()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kojudge-sqlite-").FullName, "responses.sqlite");
        using var cache = new SqliteDistributedCache(path);

        cache.Set("k", [1], NoExpiry);
        cache.Set("k", [2], NoExpiry);
        var replaced = cache.Get("k");
        cache.Remove("k");

        Assert.Equal([2], replaced);
        Assert.Null(cache.Get("k"));
    }
}
