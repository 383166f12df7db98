using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite.Tests;

/// <summary>
/// Refreshes per connection, not per file: a connection's lock is a lease recorded in short
/// transactions, never a write transaction held across the call to Zoom, and a dead holder's lease
/// is taken over.
/// </summary>
public sealed class SqliteLeaseTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task UserBsRefresh_CompletesWhileUserAsIsHeldAtZoom()
    {
        await using var emulator = await EmulatorSession.StartAsync(
            new("Emulator:AutoApprove", "false"),
            new("Emulator:Users:0:Email", "ada@example.com"), new("Emulator:Users:0:Password", "ada"),
            new("Emulator:Users:1:Email", "bob@example.com"), new("Emulator:Users:1:Password", "bob"));
        var oauth = emulator.CreateOAuthClient();
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = _folder.File("tokens.db") });
        var manager = new ZoomTokenManager(oauth, store);
        await manager.ConnectAsync("user-a", await emulator.AuthorizeAsUserAsync(oauth, "ada@example.com", "ada"));
        await manager.ConnectAsync("user-b", await emulator.AuthorizeAsUserAsync(oauth, "bob@example.com", "bob"));
        var tokenA = await manager.GetAccessTokenAsync("user-a");
        var tokenB = await manager.GetAccessTokenAsync("user-b");
        // Zoom holds the next token request (user A's refresh) for 5 s before answering it.
        await emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "delay", delay_ms = 5000, times = 1 });

        var refreshA = manager.RefreshAsync("user-a", tokenA);
        while ((await emulator.StatsAsync())["faults_applied"]!.GetValue<long>() < 1)
        {
            await Task.Delay(10);
        }
        var renewedB = await manager.RefreshAsync("user-b", tokenB);
        var aWasStillAtZoom = !refreshA.IsCompleted;
        var renewedA = await refreshA;

        Assert.True(aWasStillAtZoom, "User B's refresh waited for user A's, held at Zoom.");
        Assert.NotEqual(tokenB.Value, renewedB.Value);
        Assert.NotEqual(tokenA.Value, renewedA.Value);
        Assert.Equal(2, await emulator.RefreshRequestsAsync());
        Assert.Equal(0, await emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task AttemptsFileLockedByAnotherProcessWhenZoomAnswers_TheNewTokensAreStillKept()
    {
        await using var emulator = await StartWithAdaAsync();
        var path = _folder.File("tokens.db");
        var oauth = emulator.CreateOAuthClient();
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromSeconds(1) });
        var connected = await ConnectExpiredAdaAsync(emulator, oauth, store);
        await emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "delay", delay_ms = 500, times = 1 });

        var refresh = new ZoomTokenManager(oauth, store).GetAccessTokenAsync("user-a").AsTask();
        while ((await emulator.StatsAsync())["faults_applied"]!.GetValue<long>() < 1)
        {
            await Task.Delay(10);
        }
        // The refresh is at Zoom, its attempt recorded; another process now holds the attempts file's write lock.
        await using var blocking = await HoldWriteLockAsync(path + ".attempts");
        var token = await refresh;
        await blocking.DisposeAsync();

        var stored = await store.GetAsync("user-a");
        Assert.Equal(stored!.AccessToken, token.Value);
        Assert.NotEqual(connected.RefreshToken, stored.RefreshToken);
        Assert.Equal(1, await emulator.RefreshRequestsAsync());
        // The stored refresh token is the live one: the next refresh works.
        await store.SaveAsync(stored with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.NotEqual(token.Value, (await new ZoomTokenManager(oauth, store).GetAccessTokenAsync("user-a")).Value);
        Assert.Equal(0, await emulator.InvalidGrantsAsync());
    }

    [Fact]
    public async Task AttemptsFileLockedByAnotherProcessBeforeTheRefresh_NothingSentAndTheErrorNamesThatFile()
    {
        await using var emulator = await StartWithAdaAsync();
        var path = _folder.File("tokens.db");
        var oauth = emulator.CreateOAuthClient();
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromSeconds(1) });
        var connected = await ConnectExpiredAdaAsync(emulator, oauth, store);
        await using var blocking = await HoldWriteLockAsync(path + ".attempts");

        var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await new ZoomTokenManager(oauth, store).GetAccessTokenAsync("user-a"));
        await blocking.DisposeAsync();

        // The attempt could not be recorded, so the refresh token never left: it is still the live one.
        Assert.Contains($"'{path}.attempts'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await emulator.RefreshRequestsAsync());
        Assert.Equal(connected.RefreshToken, (await store.GetAsync("user-a"))!.RefreshToken);
        Assert.NotEqual(connected.AccessToken, (await new ZoomTokenManager(oauth, store).GetAccessTokenAsync("user-a")).Value);
    }

    [Fact]
    public async Task HolderProcessDied_LeaseTakenOverAtOnce_ItsAttemptStillSeen()
    {
        var path = _folder.File("tokens.db");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var dead = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path }, timeProvider: time);
        using var next = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromSeconds(2) }, timeProvider: time);
        await dead.SaveAsync(Record());
        var held = await dead.LockAsync("user-1");
        await held.RecordRefreshAttemptAsync("attempt-1", "hash-of-refresh-1");
        // The holder's process dies before writing: its lease names a process that no longer exists.
        await SetLeaseHolderAsync(path, await DeadProcessIdAsync(), scope: null);

        await using var taken = await next.LockAsync("user-1");

        Assert.Equal("refresh-1", taken.Current!.RefreshToken);
        Assert.True(await taken.HasUnfinishedRefreshAttemptAsync("attempt-2", "hash-of-refresh-1"));
    }

    [Fact]
    public async Task HolderInAnotherNamespace_LeaseRunsOutBeforeTakeover()
    {
        var path = _folder.File("tokens.db");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromMilliseconds(300), LeaseDuration = TimeSpan.FromSeconds(45) };
        using var other = new SqliteTokenStore(options, timeProvider: time);
        using var next = new SqliteTokenStore(options, timeProvider: time);
        await other.SaveAsync(Record());
        _ = await other.LockAsync("user-1");
        // A process id this machine cannot judge (another container's PID namespace): it may be alive.
        await SetLeaseHolderAsync(path, await DeadProcessIdAsync(), scope: "another-boot/pid:[1]");

        var refused = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await next.LockAsync("user-1"));
        time.Advance(TimeSpan.FromSeconds(45));
        await using var taken = await next.LockAsync("user-1");

        Assert.Contains("lock", refused.Message, StringComparison.Ordinal);
        Assert.Equal("refresh-1", taken.Current!.RefreshToken);
    }

    [Fact]
    public async Task TwoConnections_LockedTogether_NeitherWaits()
    {
        var path = _folder.File("tokens.db");
        var options = new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromMilliseconds(300) };
        using var first = new SqliteTokenStore(options);
        using var second = new SqliteTokenStore(options);
        await first.SaveAsync(Record("user-1"));
        await first.SaveAsync(Record("user-2"));

        await using var one = await first.LockAsync("user-1");
        await using var two = await second.LockAsync("user-2");
        var written = await two.TryReplaceAsync(two.Current! with { AccessToken = "access-2b" });

        Assert.Equal(2, written!.Version);
        Assert.Equal("access-2b", (await first.GetAsync("user-2"))!.AccessToken);
    }

    [Fact]
    public async Task TryLock_WhileAnotherProcessHoldsTheLease_WaitsForItsReleaseAndWritesNothing()
    {
        var path = _folder.File("tokens.db");
        using var holderStore = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path });
        var waiterStores = Enumerable.Range(0, 3)
            .Select(_ => new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromSeconds(5) }))
            .ToList();
        try
        {
            await holderStore.SaveAsync(Record());
            var held = await holderStore.LockAsync("user-1");
            await CountLeaseTakesAsync(path);

            var waits = waiterStores.Select(s => s.TryLockAsync("user-1").AsTask()).ToList();
            await Task.Delay(100);
            var waitedForTheHolder = waits.TrueForAll(w => !w.IsCompleted);
            await held.TryReplaceAsync(held.Current! with { AccessToken = "access-2" });
            var results = await Task.WhenAll(waits);

            Assert.True(waitedForTheHolder, "A caller went on while another process held the lease.");
            Assert.All(results, Assert.Null);
            Assert.Equal(0, await LeaseTakesAsync(path));
            Assert.Equal("access-2", (await waiterStores[0].GetAsync("user-1"))!.AccessToken);
        }
        finally
        {
            waiterStores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task FourProcessesRefreshOneExpiredUser_TheThreeThatWaitAdoptWithoutTakingTheLease()
    {
        await using var emulator = await StartWithAdaAsync();
        var path = _folder.File("tokens.db");
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path })).ToList();
        try
        {
            var oauth = emulator.CreateOAuthClient();
            // Every process, new, finds the stored token expired.
            var connected = await ConnectExpiredAdaAsync(emulator, oauth, stores[0]);
            var managers = stores.Select(s => new ZoomTokenManager(oauth, s)).ToList();
            await CountLeaseTakesAsync(path);
            // Zoom holds the refresh for a second, so that the other three arrive while its lease is held.
            await emulator.FaultAsync(new { method = "POST", path = "/oauth/token", fault = "delay", delay_ms = 1000, times = 1 });

            var first = managers[0].GetAccessTokenAsync("user-a").AsTask();
            while ((await emulator.StatsAsync())["faults_applied"]!.GetValue<long>() < 1)
            {
                await Task.Delay(10);
            }
            var others = managers.Skip(1).Select(m => m.GetAccessTokenAsync("user-a").AsTask()).ToList();
            var tokens = await Task.WhenAll([first, .. others]);

            Assert.Equal(1, await emulator.RefreshRequestsAsync());
            Assert.All(tokens, t => Assert.Equal(tokens[0].Value, t.Value));
            Assert.NotEqual(connected.AccessToken, tokens[0].Value);
            Assert.Equal(1, await LeaseTakesAsync(path));
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WaiterOnAnotherProcesssLease_WokenByTheProcesssSharedLook_NotItsOwnLongestWait(bool giveWay)
    {
        var path = _folder.File("tokens.db");
        using var holderStore = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path });
        // The waiter's own look would come only after an hour: only the shared look of its process can wake it.
        using var waiterStore = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromHours(2) })
        {
            LongestWait = TimeSpan.FromHours(1),
        };
        await holderStore.SaveAsync(Record());
        var held = await holderStore.LockAsync("user-1");

        var waiting = giveWay ? waiterStore.TryLockAsync("user-1").AsTask() : TakeAsync();
        await Task.Delay(100);
        var waitedForTheHolder = !waiting.IsCompleted;
        await held.DisposeAsync();
        var woken = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(waitedForTheHolder, "The waiter went on while another process held the lease.");
        if (giveWay)
        {
            Assert.Null(woken);
        }
        else
        {
            await using var taken = woken!;
            Assert.Equal("refresh-1", taken.Current!.RefreshToken);
        }

        async Task<ITokenLock?> TakeAsync() => await waiterStore.LockAsync("user-1");
    }

    private static Task<EmulatorSession> StartWithAdaAsync() => EmulatorSession.StartAsync(
        new("Emulator:AutoApprove", "false"),
        new("Emulator:Users:0:Email", "ada@example.com"), new("Emulator:Users:0:Password", "ada"));

    /// <summary>Connects Ada as <c>user-a</c>, then stores her token as expired: the hour has passed.</summary>
    private static async Task<ZoomConnection> ConnectExpiredAdaAsync(EmulatorSession emulator, ZoomKit.OAuth.ZoomOAuthClient oauth, SqliteTokenStore store)
    {
        var connected = await new ZoomTokenManager(oauth, store).ConnectAsync("user-a", await emulator.AuthorizeAsUserAsync(oauth, "ada@example.com", "ada"));
        await store.SaveAsync(connected with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        return connected;
    }

    /// <summary>Another process's write lock on <paramref name="file"/>, held until disposed (the transaction rolled back with the connection).</summary>
    private static async Task<SqliteConnection> HoldWriteLockAsync(string file)
    {
        var other = new SqliteConnection($"Data Source={file};Pooling=False");
        await other.OpenAsync();
        await using var begin = other.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return other;
    }

    /// <summary>Counts from now on every lease written (taken or taken over), with triggers in the file itself.</summary>
    private static async Task CountLeaseTakesAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = """
            CREATE TABLE test_lease_takes (holder TEXT NOT NULL);
            CREATE TRIGGER test_lease_inserted AFTER INSERT ON zoomkit_leases BEGIN INSERT INTO test_lease_takes VALUES (NEW.holder); END;
            CREATE TRIGGER test_lease_updated AFTER UPDATE ON zoomkit_leases BEGIN INSERT INTO test_lease_takes VALUES (NEW.holder); END;
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> LeaseTakesAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM test_lease_takes";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static ZoomConnection Record(string id = "user-1") => new()
    {
        Id = id,
        AccessToken = "access-1",
        RefreshToken = "refresh-1",
        AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
        Scopes = ["meeting:read"],
    };

    private static async Task SetLeaseHolderAsync(string path, int processId, string? scope)
    {
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = scope is null
            ? "UPDATE zoomkit_leases SET holder_pid = $pid"
            : "UPDATE zoomkit_leases SET holder_pid = $pid, holder_scope = $scope";
        command.Parameters.AddWithValue("$pid", processId);
        command.Parameters.AddWithValue("$scope", (object?)scope ?? DBNull.Value);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The id of a process of this machine that has exited.</summary>
    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        var id = process.Id;
        await process.WaitForExitAsync();
        return id;
    }
}
