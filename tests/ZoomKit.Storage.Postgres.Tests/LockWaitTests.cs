using Npgsql;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>Alone, so that no other test's threads move the pool's count.</summary>
[CollectionDefinition(nameof(LockWaitTests), DisableParallelization = true)]
public sealed class LockWaitGroup;

/// <summary>Callers waiting for a connection's row lock wait in the server, not on a thread of this process.</summary>
[Collection(nameof(LockWaitTests))]
public sealed class LockWaitTests
{
    private const int Waiters = 50;

    [Fact]
    public async Task FiftyWaitersForAHeldRowLock_WaitInTheServer_WithoutAThreadEach()
    {
        var name = "lock-wait-" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(await TestDatabase.NewSchemaAsync()) { MaxPoolSize = Waiters + 5, ApplicationName = name }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var protector = new AesGcmTokenProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var store = new PostgresTokenStore(dataSource, protector, new PostgresTokenStoreOptions { LockTimeout = TimeSpan.FromSeconds(60) });
        await store.SaveAsync(new ZoomConnection { Id = "user-1", AccessToken = "access-1", RefreshToken = "refresh-1", AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1), Scopes = ["meeting:read"] });
        var held = await store.LockAsync("user-1");
        var threadsBefore = ThreadPool.ThreadCount;

        var waiting = Enumerable.Range(0, Waiters).Select(_ => store.LockAsync("user-1").AsTask()).ToList();
        // Every waiter is in the server, blocked on the row: this store's sessions waiting on a lock.
        await using var monitor = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        long blocked = 0;
        for (var i = 0; i < 600 && blocked < Waiters; i++)
        {
            await Task.Delay(50);
            await using var count = monitor.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'");
            count.Parameters.Add(new NpgsqlParameter { Value = name });
            blocked = (long)(await count.ExecuteScalarAsync())!;
        }
        var threadsWhileWaiting = ThreadPool.ThreadCount;

        Assert.Equal(Waiters, blocked);
        // A waiter that held a thread would need fifty of them; the pool did not grow by anything like it.
        Assert.True(threadsWhileWaiting < threadsBefore + (Waiters / 2), $"The thread pool grew from {threadsBefore} to {threadsWhileWaiting} threads while {Waiters} callers waited.");
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        // Then each in turn, in the order the server grants the row.
        await held.DisposeAsync();
        while (waiting.Count > 0)
        {
            var granted = await Task.WhenAny(waiting);
            waiting.Remove(granted);
            await (await granted).DisposeAsync();
        }
    }
}
