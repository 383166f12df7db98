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
