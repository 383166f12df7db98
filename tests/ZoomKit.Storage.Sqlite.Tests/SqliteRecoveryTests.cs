using Microsoft.Data.Sqlite;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite.Tests;

/// <summary>
/// The SQLite store recovers by itself: the database held by another process past the lock timeout
/// while a refresh is due fails that request cleanly, sends nothing to Zoom, and the first request
/// after the database is free again is served with exactly one refresh.
/// </summary>
public sealed class SqliteRecoveryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task DatabaseHeldElsewhereWhileRefreshIsDue_FailsCleanlyThenFirstRequestServedWithOneRefresh()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var oauth = emulator.CreateOAuthClient();
        var path = _folder.File("tokens.db");
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path, LockTimeout = TimeSpan.FromMilliseconds(500) });
        var manager = new ZoomTokenManager(oauth, store);
        await manager.ConnectAsync("user-1", await emulator.AuthorizeAsync(oauth));
        var used = await manager.GetAccessTokenAsync("user-1");
        await emulator.AdvanceAsync(TimeSpan.FromSeconds(3600));
        var before = await emulator.RefreshRequestsAsync();

        await using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            // Zoom refused the token (401 code 124): the refresh needs the store, which another process holds.
            var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(() => manager.RefreshAsync("user-1", used));
            Assert.Contains("locked", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await emulator.RefreshRequestsAsync());
        }

        var renewed = await manager.RefreshAsync("user-1", used);

        Assert.NotEqual(used.Value, renewed.Value);
        Assert.Equal(before + 1, await emulator.RefreshRequestsAsync());
        Assert.Equal(0, await emulator.InvalidGrantsAsync());
        Assert.Equal(renewed.Value, (await store.GetAsync("user-1"))!.AccessToken);
    }
}
