using Npgsql;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Postgres.Tests;

/// <summary>A schema written before connections recorded who they are at Zoom is upgraded in place.</summary>
public sealed class PostgresUpgradeTests
{
    [Fact]
    public async Task VersionOneSchema_Opens_KeepsEveryTokenAndTakesTheNewFields()
    {
        var schema = "u_" + Guid.NewGuid().ToString("N");
        var dump = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema-v1.sql"));
        await using (var admin = NpgsqlDataSource.Create(TestDatabase.ConnectionString))
        await using (var load = admin.CreateCommand(dump.Replace("fixture_v1", schema, StringComparison.Ordinal)))
        {
            await load.ExecuteNonQueryAsync();
        }
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { SearchPath = schema }.ConnectionString);
        using var store = new PostgresTokenStore(dataSource, new AesGcmTokenProtector(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));

        var user = await store.GetAsync("user-1");
        var account = await store.GetAsync("account-1");

        Assert.Equal(("fixture-access-token", "fixture-refresh-token", 1L), (user!.AccessToken, user.RefreshToken, user.Version));
        Assert.Equal((ConnectionKind.ServerToServer, "acc-1", "fixture-s2s-token"), (account!.Kind, account.AccountId, account.AccessToken));
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.TryReplaceAsync(held.Current! with { ZoomUserId = "zu-1", ApiUrl = new Uri("https://api.zoom.us"), ConnectedAt = DateTimeOffset.UnixEpoch });
        }
        var found = await store.FindByZoomUserAsync("zu-1");
        Assert.Equal(["user-1"], found.Select(c => c.Id));
        Assert.Equal((2L, "fixture-refresh-token"), (found[0].Version, found[0].RefreshToken));
    }
}
