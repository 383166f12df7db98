using Microsoft.Data.Sqlite;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite.Tests;

/// <summary>A token database written before connections recorded who they are at Zoom opens and upgrades in place.</summary>
public sealed class SqliteUpgradeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task VersionOneFile_Opens_KeepsEveryTokenAndTakesTheNewFields()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var path = _folder.File("tokens.db");
        File.Copy(Path.Combine(fixtures, "tokens-v1.db"), path);
        File.Copy(Path.Combine(fixtures, "tokens-v1.db.key"), path + ".key");
        // Git keeps no file modes: the key is owner-only, as ZoomKit wrote it.
        File.SetUnixFileMode(path + ".key", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = path });

        var user = await store.GetAsync("user-1");
        var account = await store.GetAsync("account-1");

        Assert.Equal(("fixture-access-token", "fixture-refresh-token", 1L), (user!.AccessToken, user.RefreshToken, user.Version));
        Assert.Equal((ConnectionKind.ServerToServer, "acc-1", "fixture-s2s-token"), (account!.Kind, account.AccountId, account.AccessToken));
        Assert.Null(user.ZoomUserId);
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.TryReplaceAsync(held.Current! with { ZoomUserId = "zu-1", ApiUrl = new Uri("https://api.zoom.us"), ConnectedAt = DateTimeOffset.UnixEpoch, SessionStamp = "s-1" });
        }
        Assert.Equal(["user-1"], (await store.FindByZoomUserAsync("zu-1")).Select(c => c.Id));
        Assert.Equal("s-1", (await store.GetAsync("user-1"))!.SessionStamp);
        SqliteConnection.ClearAllPools();
        await using var db = new SqliteConnection($"Data Source={path}");
        await db.OpenAsync();
        await using var version = db.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal(4L, (long)(await version.ExecuteScalarAsync())!);
    }
}
