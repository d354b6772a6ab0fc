using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;

namespace KoJudge.Cli.Caching;

/// <summary>
/// An <see cref="IDistributedCache"/> in one SQLite file, for Microsoft.Extensions.AI's caching chat client.
/// Written here because no maintained package puts <see cref="IDistributedCache"/> on SQLite; it is a key-value table.
/// Entries do not expire: a judgment of the same request is the same judgment. WAL mode lets several runs share the file.
/// </summary>
public sealed class SqliteDistributedCache : IDistributedCache, IDisposable
{
    // One connection, one prepared statement at a time. SQLite takes one writer per file anyway, and when dozens of
    // requests finish together, writers on connections of their own meet SQLITE_BUSY and Microsoft.Data.Sqlite's retry
    // sleeps them: at concurrency 64 that made judging 1.6× slower than with no cache (bench-http). A statement takes
    // tens of microseconds, so the lock is rarely contended.
    private readonly Lock statements = new();
    private readonly SqliteConnection connection;
    private readonly SqliteCommand select;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand delete;

    public SqliteDistributedCache(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Other runs may share the file: a write they hold up is retried for up to 30 s.
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        try
        {
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                // Without a sync per write: a crash may lose the last entries, which only costs asking the engine again.
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, value BLOB NOT NULL)";
                setup.ExecuteNonQuery();
            }
            select = Prepare("SELECT value FROM responses WHERE key = $key", "$key");
            insert = Prepare("INSERT OR REPLACE INTO responses (key, value) VALUES ($key, $value)", "$key", "$value");
            delete = Prepare("DELETE FROM responses WHERE key = $key", "$key");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="path"/> begins as every SQLite database does, as a file this cache made would.</summary>
    public static bool IsSqliteFile(string path)
    {
        ReadOnlySpan<byte> header = "SQLite format 3\0"u8;
        var start = new byte[header.Length];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && header.SequenceEqual(start);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public byte[]? Get(string key)
    {
        lock (statements)
        {
            select.Parameters["$key"].Value = key;
            return select.ExecuteScalar() as byte[];
        }
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        lock (statements)
        {
            insert.Parameters["$key"].Value = key;
            insert.Parameters["$value"].Value = value;
            insert.ExecuteNonQuery();
        }
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }

    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key)
    {
        lock (statements)
        {
            delete.Parameters["$key"].Value = key;
            delete.ExecuteNonQuery();
        }
    }

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (statements)
        {
            select.Dispose();
            insert.Dispose();
            delete.Dispose();
            connection.Dispose();
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }
}
