using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Storage.Sqlite.Tests;

public sealed class SqliteTokenStoreTests : TokenStoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override Task<ITokenStore> CreateStoreAsync(TimeSpan lockTimeout) =>
        Task.FromResult<ITokenStore>(new SqliteTokenStore(new SqliteTokenStoreOptions { DatabasePath = _folder.File($"{Guid.NewGuid():N}.db"), LockTimeout = lockTimeout }));

    private SqliteTokenStore Create(string name = "tokens.db", string? keyFile = null) =>
        new(new SqliteTokenStoreOptions { DatabasePath = _folder.File(name), KeyFilePath = keyFile });

    [Fact]
    public async Task SaveAsync_Tokens_NeverAppearInTheFileBytes()
    {
        using var store = Create();
        var access = "access-" + Guid.NewGuid().ToString("N");
        var refresh = "refresh-" + Guid.NewGuid().ToString("N");
        await store.SaveAsync(Record(access: access, refresh: refresh));
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.TryReplaceAsync(held.Current! with { AccessToken = access + "-2", RefreshToken = refresh + "-2" });
        }
        SqliteConnection.ClearAllPools();

        var bytes = Directory.GetFiles(_folder.Path, "tokens.db*").Where(f => !f.EndsWith(".key", StringComparison.Ordinal)).SelectMany(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(bytes);
        foreach (var secret in new[] { access, refresh })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }
        Assert.Equal(access + "-2", (await store.GetAsync("user-1"))!.AccessToken);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Constructor_NoKeyFile_CreatesOneReadableByOwnerOnly()
    {
        using var store = Create();

        var mode = File.GetUnixFileMode(_folder.File("tokens.db.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task FirstUse_InAFolderNotYetMade_FolderAndEveryFileOwnerOnly()
    {
        using var store = Create(Path.Combine("not-yet", "tokens.db"));
        await store.SaveAsync(Record());
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.TryReplaceAsync(held.Current! with { AccessToken = "access-2" });
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder.File("not-yet")));
        var files = Directory.GetFiles(_folder.File("not-yet"));
        Assert.Contains(_folder.File(Path.Combine("not-yet", "tokens.db")), files);
        Assert.Contains(_folder.File(Path.Combine("not-yet", "tokens.db.attempts")), files);
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{f}: {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    public async Task GetAsync_WrongKey_ThrowsClearErrorInsteadOfNoToken()
    {
        using (var store = Create())
        {
            await store.SaveAsync(Record());
        }
        File.Delete(_folder.File("tokens.db.key"));

        using var other = Create();
        var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await other.GetAsync("user-1"));
        Assert.Contains("another key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_CorruptFile_ThrowsClearErrorInsteadOfNoToken()
    {
        await File.WriteAllBytesAsync(_folder.File("tokens.db"), Encoding.UTF8.GetBytes(new string('x', 8192)));
        using var store = Create();

        var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await store.GetAsync("user-1"));
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_AlteredCiphertext_ThrowsClearError()
    {
        using var store = Create();
        await store.SaveAsync(Record());
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={_folder.File("tokens.db")}"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "UPDATE zoomkit_connections SET refresh_token = (SELECT access_token FROM zoomkit_connections)";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await store.GetAsync("user-1"));
        Assert.Contains("fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task KeyFile_Damaged_ThrowsClearError()
    {
        await File.WriteAllTextAsync(_folder.File("bad.key"), "not a key");
        File.SetUnixFileMode(_folder.File("bad.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var error = Assert.Throws<ZoomTokenStoreException>(() => Create(keyFile: _folder.File("bad.key")));
        Assert.Contains("does not hold a ZoomKit token key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void KeyFile_ReadableByOthers_ClearErrorNamingTheFileAndTheFix()
    {
        using (Create())
        {
        }
        File.SetUnixFileMode(_folder.File("tokens.db.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var error = Assert.Throws<ZoomTokenStoreException>(() => Create());

        Assert.Contains(_folder.File("tokens.db.key"), error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenManager_ThousandCallersOnExpiredTokenWithSqlite_OneTokenRequest()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var endpoint = new FakeTokenEndpoint(time.GetUtcNow);
        var handler = new FakeTokenHandler(endpoint);
        using var store = Create();
        var (access, refresh) = endpoint.Authorize();
        await store.SaveAsync(Record(access: access, refresh: refresh) with { AccessTokenExpiresAt = time.GetUtcNow().AddSeconds(-1) });
        var manager = new ZoomTokenManager(Oauth(handler), store, timeProvider: time);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(async () => await manager.GetAccessTokenAsync("user-1"))));

        Assert.Equal(1, endpoint.RefreshRequests);
        var stored = await store.GetAsync("user-1");
        Assert.All(tokens, t => Assert.Equal(stored!.AccessToken, t.Value));
        Assert.Equal(endpoint.LiveRefreshToken, stored!.RefreshToken);
    }

    internal static ZoomOAuthClient Oauth(HttpMessageHandler handler, Uri? baseUrl = null) =>
        new(new HttpClient(handler), Options.Create(new ZoomOAuthOptions
        {
            ClientId = FakeTokenEndpoint.ClientId,
            ClientSecret = FakeTokenEndpoint.ClientSecret,
            OAuthBaseUrl = baseUrl ?? new Uri("https://zoom.test"),
        }));
}

/// <summary>Two stores on one file, as two processes of one machine.</summary>
public sealed class SqliteWebhookDeliveryLogTests : WebhookDeliveryLogContractTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteTokenStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    protected override Task<(ZoomKit.Webhooks.IWebhookDeliveryLog First, ZoomKit.Webhooks.IWebhookDeliveryLog Second)> CreateLogsAsync(TimeProvider time)
    {
        var options = new SqliteTokenStoreOptions { DatabasePath = _folder.File("tokens.db") };
        _stores.AddRange([new SqliteTokenStore(options, timeProvider: time), new SqliteTokenStore(options, timeProvider: time)]);
        return Task.FromResult<(ZoomKit.Webhooks.IWebhookDeliveryLog, ZoomKit.Webhooks.IWebhookDeliveryLog)>((_stores[^2], _stores[^1]));
    }
}
