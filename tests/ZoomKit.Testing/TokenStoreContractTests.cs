using Xunit;
using ZoomKit.Tokens;

namespace ZoomKit.Testing;

/// <summary>The <see cref="ITokenStore"/> contract. Every store's test project derives from it once.</summary>
public abstract class TokenStoreContractTests
{
    /// <summary>A new, empty store; <paramref name="lockTimeout"/> bounds its lock wait.</summary>
    protected abstract Task<ITokenStore> CreateStoreAsync(TimeSpan lockTimeout);

    protected static ZoomConnection Record(string id = "user-1", string access = "access-1", string? refresh = "refresh-1") => new()
    {
        Id = id,
        AccessToken = access,
        RefreshToken = refresh,
        AccessTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000),
        Scopes = ["meeting:read", "meeting:write", "user:read"],
    };

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        Assert.Null(await store.GetAsync("nobody"));
    }

    [Fact]
    public async Task SaveAsync_New_StoresVersionOneWithEveryField()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);
        var saved = await store.SaveAsync(Record() with
        {
            Kind = ConnectionKind.ServerToServer,
            AccountId = "acct-9",
            ZoomUserId = "zoom-user-9",
            ApiUrl = new Uri("https://api-eu.zoom.us"),
            ConnectedAt = since,
            SessionStamp = "stamp-9",
            RefreshOutcomeUnknownSince = since,
            Reauthorization = new Reauthorization(ReauthorizationReason.RefreshResponseLost, "lost", since),
        });
        var read = await store.GetAsync("user-1");

        Assert.Equal(1, saved.Version);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal("access-1", read.AccessToken);
        Assert.Equal("refresh-1", read.RefreshToken);
        Assert.Equal(ConnectionKind.ServerToServer, read.Kind);
        Assert.Equal("acct-9", read.AccountId);
        Assert.Equal("zoom-user-9", read.ZoomUserId);
        Assert.Equal(new Uri("https://api-eu.zoom.us"), read.ApiUrl);
        Assert.Equal(since, read.ConnectedAt);
        Assert.Equal("stamp-9", read.SessionStamp);
        Assert.Equal(Record().AccessTokenExpiresAt, read.AccessTokenExpiresAt);
        Assert.Equal(["meeting:read", "meeting:write", "user:read"], read.Scopes);
        Assert.Equal(since, read.RefreshOutcomeUnknownSince);
        Assert.Equal(new Reauthorization(ReauthorizationReason.RefreshResponseLost, "lost", since), read.Reauthorization);
    }

    [Fact]
    public async Task SaveAsync_Existing_ReplacesWithNextVersion()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record() with { Reauthorization = new Reauthorization(ReauthorizationReason.RefreshTokenRejected, "x", DateTimeOffset.UnixEpoch) });
        var saved = await store.SaveAsync(Record(access: "access-2", refresh: "refresh-2"));

        var read = await store.GetAsync("user-1");
        Assert.Equal(2, saved.Version);
        Assert.Equal(2, read!.Version);
        Assert.Equal("refresh-2", read.RefreshToken);
        Assert.Equal(ConnectionStatus.Active, read.Status);
    }

    [Fact]
    public async Task LockAsync_TryReplace_WritesNextVersionDurably()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record());

        ZoomConnection? written;
        await using (var held = await store.LockAsync("user-1"))
        {
            Assert.Equal("refresh-1", held.Current!.RefreshToken);
            written = await held.TryReplaceAsync(held.Current with { AccessToken = "access-2", RefreshToken = "refresh-2" });
        }

        Assert.Equal(2, written!.Version);
        var read = await store.GetAsync("user-1");
        Assert.Equal(("access-2", "refresh-2", 2L), (read!.AccessToken, read.RefreshToken, read.Version));
    }

    [Fact]
    public async Task LockAsync_DisposedWithoutWrite_LeavesRecordAsItWas()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record());
        await using (await store.LockAsync("user-1"))
        {
        }
        Assert.Equal(1, (await store.GetAsync("user-1"))!.Version);
    }

    [Fact]
    public async Task LockAsync_Held_SecondWaitsForRelease()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(20));
        await store.SaveAsync(Record());
        var first = await store.LockAsync("user-1");

        var second = Task.Run(async () => await store.LockAsync("user-1"));
        await Task.Delay(300);
        Assert.False(second.IsCompleted);

        await first.TryReplaceAsync(first.Current! with { RefreshToken = "refresh-2" });
        await using var held = await second.WaitAsync(TimeSpan.FromSeconds(15));
        // The waiter reads what the holder wrote, never the refresh token it replaced.
        Assert.Equal("refresh-2", held.Current!.RefreshToken);
    }

    [Fact]
    public async Task TryLockAsync_Free_TakesTheLockWithTheRecord()
    {
        var store = await CreateStoreAsync(TimeSpan.FromMilliseconds(500));
        await store.SaveAsync(Record());

        await using (var held = await store.TryLockAsync("user-1"))
        {
            Assert.NotNull(held);
            Assert.Equal("refresh-1", held.Current!.RefreshToken);
            // Exclusive, as LockAsync's: no one else has it meanwhile.
            await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await store.LockAsync("user-1"));
            Assert.Equal(2, (await held.TryReplaceAsync(held.Current with { RefreshToken = "refresh-2" }))!.Version);
        }
        Assert.Equal("refresh-2", (await store.GetAsync("user-1"))!.RefreshToken);
    }

    [Fact]
    public async Task TryLockAsync_Held_WaitsForReleaseThenGivesWayOrHoldsWhatTheHolderWrote()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(20));
        await store.SaveAsync(Record());
        var first = await store.LockAsync("user-1");

        var second = Task.Run(async () => await store.TryLockAsync("user-1"));
        await Task.Delay(300);
        Assert.False(second.IsCompleted);

        await first.TryReplaceAsync(first.Current! with { RefreshToken = "refresh-2" });
        await using var held = await second.WaitAsync(TimeSpan.FromSeconds(15));
        // Either way the waiter learns what the holder wrote, never the refresh token it replaced.
        Assert.Equal("refresh-2", (held?.Current ?? await store.GetAsync("user-1"))!.RefreshToken);
    }

    [Fact]
    public async Task LockAsync_HeldPastTimeout_ThrowsStoreExceptionNamingTheWait()
    {
        var store = await CreateStoreAsync(TimeSpan.FromMilliseconds(500));
        await store.SaveAsync(Record());
        await using var first = await store.LockAsync("user-1");

        var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await store.LockAsync("user-1"));
        Assert.Contains("lock", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LockAsync_ConcurrentWriters_LoseNoWrite()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(30));
        await store.SaveAsync(Record());

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var held = await store.LockAsync("user-1");
            var count = int.Parse(held.Current!.AccessToken.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotNull(await held.TryReplaceAsync(held.Current with { AccessToken = $"access-{count + 1}" }));
        })));

        var read = await store.GetAsync("user-1");
        Assert.Equal("access-21", read!.AccessToken);
        Assert.Equal(21, read.Version);
    }

    [Fact]
    public async Task LockAsync_MarkReauthorization_KeepsTokens()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record());
        var since = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.TryReplaceAsync(held.Current! with { Reauthorization = new Reauthorization(ReauthorizationReason.RefreshTokenRejected, "refused", since) });
        }
        var read = await store.GetAsync("user-1");
        Assert.Equal(ConnectionStatus.ReauthorizationRequired, read!.Status);
        Assert.Equal("refresh-1", read.RefreshToken);
        Assert.Equal(ReauthorizationReason.RefreshTokenRejected, read.Reauthorization!.Reason);
    }

    [Fact]
    public async Task LockAsync_Missing_CurrentIsNullAndReplaceFails()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await using var held = await store.LockAsync("nobody");
        Assert.Null(held.Current);
        Assert.Null(await held.TryReplaceAsync(Record("nobody")));
        Assert.Null(await store.GetAsync("nobody"));
    }

    [Fact]
    public async Task FindByZoomUserAsync_EveryConnectionOfThatUserOnly()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record("app-a-user") with { ZoomUserId = "zu-1" });
        await store.SaveAsync(Record("app-b-user") with { ZoomUserId = "zu-1" });
        await store.SaveAsync(Record("someone-else") with { ZoomUserId = "zu-2" });
        await store.SaveAsync(Record("unknown"));

        var found = await store.FindByZoomUserAsync("zu-1");

        Assert.Equal(["app-a-user", "app-b-user"], found.Select(c => c.Id).Order());
        Assert.Empty(await store.FindByZoomUserAsync("zu-3"));
    }

    [Fact]
    public async Task LockAsync_Replace_KeepsIdentity()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record() with { ZoomUserId = "zu-1", AccountId = "acct-1", ApiUrl = new Uri("https://api.zoom.us") });
        await using (var held = await store.LockAsync("user-1"))
        {
            await held.TryReplaceAsync(held.Current! with { AccessToken = "access-2" });
        }

        var read = (await store.GetAsync("user-1"))!;

        Assert.Equal(("zu-1", "acct-1", "access-2"), (read.ZoomUserId, read.AccountId, read.AccessToken));
        Assert.Equal(new Uri("https://api.zoom.us"), read.ApiUrl);
    }

    [Fact]
    public async Task DeleteAsync_RemovesOnlyThatConnection()
    {
        var store = await CreateStoreAsync(TimeSpan.FromSeconds(5));
        await store.SaveAsync(Record("a"));
        await store.SaveAsync(Record("b"));

        Assert.True(await store.DeleteAsync("a"));
        Assert.False(await store.DeleteAsync("a"));
        Assert.Null(await store.GetAsync("a"));
        Assert.NotNull(await store.GetAsync("b"));
    }
}
