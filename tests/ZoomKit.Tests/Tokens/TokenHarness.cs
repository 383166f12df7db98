using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

/// <summary>A token manager wired to the strict-rotation fake endpoint, a fake clock and captured logs.</summary>
internal sealed class TokenHarness : IDisposable
{
    public const string ConnectionId = "user-1";

    public TokenHarness(ITokenStore? store = null, TimeSpan? serverClockOffset = null)
    {
        var offset = serverClockOffset ?? TimeSpan.Zero;
        Endpoint = new FakeTokenEndpoint(() => Time.GetUtcNow() + offset);
        Handler = new FakeTokenHandler(Endpoint);
        Logs = new FakeLogCollector();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        OAuth = new ZoomOAuthClient(new HttpClient(Handler), Options.Create(new ZoomOAuthOptions
        {
            ClientId = FakeTokenEndpoint.ClientId,
            ClientSecret = FakeTokenEndpoint.ClientSecret,
            RedirectUri = new Uri("http://localhost:3000/zoom"),
            OAuthBaseUrl = new Uri("https://zoom.test"),
        }), LoggerFactory.CreateLogger<ZoomOAuthClient>());
        Store = new WatchedStore(store ?? new InMemoryTokenStore(Time));
        Manager = new ZoomTokenManager(OAuth, Store, Options.Create(new ZoomTokenManagerOptions()), Time, LoggerFactory.CreateLogger<ZoomTokenManager>());
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    public FakeTokenEndpoint Endpoint { get; }
    public FakeTokenHandler Handler { get; }
    public FakeLogCollector Logs { get; }
    public ILoggerFactory LoggerFactory { get; }
    public ZoomOAuthClient OAuth { get; }
    public WatchedStore Store { get; }
    public ZoomTokenManager Manager { get; }

    /// <summary>Stores a fresh authorization whose access token expires in <paramref name="expiresIn"/>.</summary>
    public async Task<ZoomConnection> ConnectAsync(TimeSpan expiresIn)
    {
        var (access, refresh) = Endpoint.Authorize();
        return await Store.SaveAsync(new ZoomConnection
        {
            Id = ConnectionId,
            AccessToken = access,
            RefreshToken = refresh,
            AccessTokenExpiresAt = Time.GetUtcNow() + expiresIn,
            Scopes = ["meeting:read", "meeting:write", "user:read"],
        });
    }

    public Task<ZoomConnection> ConnectExpiredAsync() => ConnectAsync(TimeSpan.FromSeconds(-1));

    public async Task<ZoomConnection> StoredAsync() => (await Store.GetAsync(ConnectionId))!;

    /// <summary>Every secret the suite knows: issued tokens and the client secret.</summary>
    public IEnumerable<string> Secrets => Endpoint.EverIssued.Append(FakeTokenEndpoint.ClientSecret);

    public void AssertNoSecretIn(string? text)
    {
        if (text is null)
        {
            return;
        }
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    /// <summary>No log line, and nothing written through the store but tokens, holds a secret; nothing was deleted.</summary>
    public void AssertClean()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            AssertNoSecretIn(record.Message);
            AssertNoSecretIn(record.Exception?.ToString());
            foreach (var pair in record.StructuredState ?? [])
            {
                AssertNoSecretIn(pair.Value);
            }
        }
        Assert.Equal(0, Store.Deletes);
    }

    public void Dispose() => LoggerFactory.Dispose();
}

/// <summary>Wraps a store to count deletes and to fail writes on demand.</summary>
internal sealed class WatchedStore(ITokenStore inner) : ITokenStore
{
    private int _deletes;
    private int _locks;

    public int Deletes => Volatile.Read(ref _deletes);

    /// <summary>How many times the connection lock was taken: one per shared refresh.</summary>
    public int Locks => Volatile.Read(ref _locks);

    /// <summary>How many of the next lock writes fail.</summary>
    public int FailingWrites { get; set; }

    /// <summary>How many of the next marks of an answered refresh attempt fail (the store going down as Zoom answers).</summary>
    public int FailingCompletes { get; set; }

    public ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default) => inner.GetAsync(connectionId, cancellationToken);

    public ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default) => inner.SaveAsync(connection, cancellationToken);

    public async ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _locks);
        return new WatchedLock(this, await inner.LockAsync(connectionId, cancellationToken));
    }

    public ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default) => inner.FindByZoomUserAsync(zoomUserId, cancellationToken);

    public ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _deletes);
        return inner.DeleteAsync(connectionId, cancellationToken);
    }

    private sealed class WatchedLock(WatchedStore store, ITokenLock inner) : ITokenLock
    {
        public ZoomConnection? Current => inner.Current;

        public ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default) => inner.ReloadAsync(cancellationToken);

        public ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default)
        {
            if (store.FailingWrites > 0)
            {
                store.FailingWrites--;
                throw new ZoomTokenStoreException("The token database is unavailable (simulated).");
            }
            return inner.TryReplaceAsync(replacement, cancellationToken);
        }

        public ValueTask RecordRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            inner.RecordRefreshAttemptAsync(attemptId, refreshTokenHash, cancellationToken);

        public ValueTask CompleteRefreshAttemptAsync(string attemptId, CancellationToken cancellationToken = default)
        {
            if (store.FailingCompletes > 0)
            {
                store.FailingCompletes--;
                throw new ZoomTokenStoreException("The token database is unavailable (simulated).");
            }
            return inner.CompleteRefreshAttemptAsync(attemptId, cancellationToken);
        }

        public ValueTask<bool> HasUnfinishedRefreshAttemptAsync(string attemptId, string refreshTokenHash, CancellationToken cancellationToken = default) =>
            inner.HasUnfinishedRefreshAttemptAsync(attemptId, refreshTokenHash, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
