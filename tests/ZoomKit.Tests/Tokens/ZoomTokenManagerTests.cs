using ZoomKit.OAuth;
using ZoomKit.Testing;
using ZoomKit.Tokens;

namespace ZoomKit.Tests.Tokens;

public sealed class ZoomTokenManagerTests : IDisposable
{
    private readonly TokenHarness _h = new();

    public void Dispose()
    {
        _h.AssertClean();
        _h.Dispose();
    }

    [Fact]
    public async Task GetAccessTokenAsync_FreshToken_ReturnsItWithoutTokenRequest()
    {
        var connected = await _h.ConnectAsync(TimeSpan.FromHours(1));

        var first = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        var second = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(connected.AccessToken, first.Value);
        Assert.Same(first, second);
        Assert.Equal(0, _h.Handler.Requests);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ThousandConcurrentCallersOnExpiredToken_OneTokenRequestAndEveryoneGetsTheNewToken()
    {
        await _h.ConnectExpiredAsync();
        var gate = new TaskCompletionSource();
        _h.Endpoint.Enqueue(new TokenFault.Hold(gate.Task));

        // Every caller arrives while the refresh is still in flight at the endpoint.
        var callers = Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId)))
            .ToArray();
        await WaitUntilAsync(() => _h.Handler.Requests == 1);
        await Task.Delay(200);
        gate.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        // One shared refresh in the process: the store's lock was taken once, not a thousand times.
        Assert.Equal(1, _h.Store.Locks);
        var stored = await _h.StoredAsync();
        Assert.All(tokens, t => Assert.Equal(stored.AccessToken, t.Value));
        Assert.Equal(_h.Endpoint.LiveRefreshToken, stored.RefreshToken);
        Assert.True(_h.Endpoint.IsAccessTokenValid(stored.AccessToken));
    }

    [Fact]
    public async Task GetAccessTokenAsync_WithinRefreshAheadMargin_RefreshesBeforeExpiry()
    {
        var connected = await _h.ConnectAsync(TimeSpan.FromMinutes(4));

        var token = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.NotEqual(connected.AccessToken, token.Value);
        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        Assert.Equal(2, (await _h.StoredAsync()).Version);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ResponseLostAfterRotation_ReauthorizationRequiredSayingSoAndNoEndlessRetry()
    {
        await _h.ConnectExpiredAsync();
        _h.Endpoint.Enqueue(new TokenFault.LoseResponse());

        var lost = await Assert.ThrowsAsync<ZoomOAuthException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
        Assert.Equal(OAuthErrorKind.Transient, lost.Error.Kind);
        Assert.True(lost.Error.OutcomeUnknown);
        Assert.NotNull((await _h.StoredAsync()).RefreshOutcomeUnknownSince);

        var reauth = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
        Assert.Equal(ReauthorizationReason.RefreshResponseLost, reauth.Reason);
        Assert.Contains("lost", reauth.Message, StringComparison.Ordinal);

        // From now on nothing is sent: the connection waits for the user.
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
        }
        Assert.Equal(2, _h.Endpoint.RefreshRequests);
        Assert.Equal(ConnectionStatus.ReauthorizationRequired, (await _h.StoredAsync()).Status);
        _h.AssertNoSecretIn(lost.Message);
        _h.AssertNoSecretIn(reauth.Message);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RaceLoserGetsInvalidGrant_AdoptsWinnersTokens()
    {
        await _h.ConnectExpiredAsync();
        // The loser read the record before the winner's refresh, as a process whose lock failed would.
        var stale = new StaleSnapshotStore(_h.Store);
        var loser = new ZoomTokenManager(_h.OAuth, stale, timeProvider: _h.Time);
        await stale.CaptureAsync(TokenHarness.ConnectionId);

        var winner = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        var adopted = await loser.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(winner.Value, adopted.Value);
        Assert.Equal(2, _h.Endpoint.RefreshRequests);
        Assert.Equal(1, _h.Endpoint.InvalidGrants);
        var stored = await _h.StoredAsync();
        Assert.Equal(ConnectionStatus.Active, stored.Status);
        Assert.Equal(_h.Endpoint.LiveRefreshToken, stored.RefreshToken);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ServerErrorWhileTokenValid_ServesCurrentTokenAndRetriesAfterBackoff()
    {
        var connected = await _h.ConnectAsync(TimeSpan.FromMinutes(3));
        _h.Endpoint.Enqueue(new TokenFault.Status(503));

        var served = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        var again = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(connected.AccessToken, served.Value);
        Assert.Equal(connected.AccessToken, again.Value);
        Assert.Equal(1, _h.Handler.Requests);

        _h.Time.Advance(TimeSpan.FromSeconds(3));
        var renewed = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        Assert.NotEqual(connected.AccessToken, renewed.Value);
        Assert.Equal(2, _h.Handler.Requests);
        Assert.Null((await _h.StoredAsync()).RefreshOutcomeUnknownSince);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ServerErrorAfterExpiry_ThrowsTransientKeepsRefreshTokenAndRecordsOutcomeUnknown()
    {
        var connected = await _h.ConnectExpiredAsync();
        _h.Endpoint.Enqueue(new TokenFault.Status(502));

        var error = await Assert.ThrowsAsync<ZoomOAuthException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));

        Assert.Equal(OAuthErrorKind.Transient, error.Error.Kind);
        // A gateway may have passed the request on, and Zoom may have rotated.
        Assert.True(error.Error.OutcomeUnknown);
        var stored = await _h.StoredAsync();
        Assert.Equal(connected.RefreshToken, stored.RefreshToken);
        Assert.NotNull(stored.RefreshOutcomeUnknownSince);
        Assert.NotNull(await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
    }

    [Fact]
    public async Task GetAccessTokenAsync_CallerCancels_SharedRefreshCompletesAndIsStored()
    {
        await _h.ConnectExpiredAsync();
        var gate = new TaskCompletionSource();
        _h.Endpoint.Enqueue(new TokenFault.Hold(gate.Task));
        using var cancel = new CancellationTokenSource();

        var waiting = _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId, cancel.Token).AsTask();
        await WaitUntilAsync(() => _h.Handler.Requests == 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        gate.SetResult();
        var stored = await WaitForVersionAsync(2);
        var token = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(stored.AccessToken, token.Value);
        Assert.Equal(_h.Endpoint.LiveRefreshToken, stored.RefreshToken);
        Assert.Equal(1, _h.Endpoint.RefreshRequests);
    }

    [Fact]
    public async Task GetAccessTokenAsync_StoreWriteFailsAfterRefresh_SurfacesErrorAndNeverRefreshesWithDeadToken()
    {
        var connected = await _h.ConnectExpiredAsync();
        _h.Store.FailingWrites = 1;

        var error = await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
        Assert.Contains("could not keep them", error.Message, StringComparison.Ordinal);
        Assert.Equal(connected.RefreshToken, (await _h.StoredAsync()).RefreshToken);

        var token = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        Assert.Equal(0, _h.Endpoint.InvalidGrants);
        var stored = await _h.StoredAsync();
        Assert.Equal(_h.Endpoint.LiveRefreshToken, stored.RefreshToken);
        Assert.Equal(stored.AccessToken, token.Value);
        _h.AssertNoSecretIn(error.ToString());
    }

    [Fact]
    public async Task GetAccessTokenAsync_StoreFailsToMarkTheAnsweredAttempt_ZoomsNewTokensStillKeptAndServed()
    {
        await _h.ConnectExpiredAsync();
        // The store goes down between Zoom's answer and the mark that the attempt was answered, and is back for the write.
        _h.Store.FailingCompletes = 1;

        var token = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(0, _h.Store.FailingCompletes);
        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        var stored = await _h.StoredAsync();
        Assert.Equal(_h.Endpoint.LiveRefreshToken, stored.RefreshToken);
        Assert.Equal(stored.AccessToken, token.Value);
        _h.AssertClean();
    }

    [Fact]
    public async Task GetAccessTokenAsync_StoreStillFailing_KeepsSurfacingWithoutRefreshing()
    {
        await _h.ConnectExpiredAsync();
        _h.Store.FailingWrites = 3;

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ZoomTokenStoreException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
        }
        await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        Assert.Equal(_h.Endpoint.LiveRefreshToken, (await _h.StoredAsync()).RefreshToken);
    }

    [Fact]
    public async Task GetAccessTokenAsync_AnswerWithoutRefreshToken_KeepsTheOldOne()
    {
        var connected = await _h.ConnectExpiredAsync();
        _h.Endpoint.Enqueue(new TokenFault.OmitRefreshToken());

        var token = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        var stored = await _h.StoredAsync();
        Assert.Equal(connected.RefreshToken, stored.RefreshToken);
        Assert.Equal(_h.Endpoint.LiveRefreshToken, stored.RefreshToken);
        Assert.Equal(stored.AccessToken, token.Value);

        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        Assert.Equal(0, _h.Endpoint.InvalidGrants);
    }

    [Theory]
    [InlineData(-120)]
    [InlineData(120)]
    public async Task GetAccessTokenAsync_ServerClockSkewedTwoMinutes_EveryTokenServedIsValidAtTheServer(int skewSeconds)
    {
        using var h = new TokenHarness(serverClockOffset: TimeSpan.FromSeconds(skewSeconds));
        await h.ConnectAsync(TimeSpan.FromSeconds(h.Endpoint.LifetimeSeconds));

        for (var minute = 0; minute < 5 * 60; minute++)
        {
            var token = await h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
            Assert.True(h.Endpoint.IsAccessTokenValid(token.Value), $"minute {minute}: the server refused the token served");
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        // One refresh per lifetime less the margin, never a storm.
        Assert.InRange(h.Endpoint.RefreshRequests, 5, 6);
        Assert.Equal(0, h.Endpoint.InvalidGrants);
        h.AssertClean();
    }

    [Fact]
    public async Task GetAccessTokenAsync_UserRevokedAccess_ReauthorizationRequiredAfterOneConfirmedAttempt()
    {
        await _h.ConnectExpiredAsync();
        _h.Endpoint.Revoke();

        var error = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));
        await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));

        Assert.Equal(ReauthorizationReason.RefreshTokenRejected, error.Reason);
        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        var stored = await _h.StoredAsync();
        Assert.Equal(ConnectionStatus.ReauthorizationRequired, stored.Status);
        Assert.NotNull(stored.RefreshToken);
        _h.AssertNoSecretIn(error.Message);
    }

    [Fact]
    public async Task GetAccessTokenAsync_NoConnection_ReauthorizationRequiredNotConnected()
    {
        var error = await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _h.Manager.GetAccessTokenAsync("nobody"));

        Assert.Equal(ReauthorizationReason.NotConnected, error.Reason);
        Assert.Equal(0, _h.Handler.Requests);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>", "text/html")]
    [InlineData("{\"token_type\":\"bearer\",\"expires_in\":3599}", "application/json")]
    [InlineData("not json", "text/plain")]
    public async Task GetAccessTokenAsync_MalformedAnswer_ProtocolViolationAndNothingStored(string body, string contentType)
    {
        var connected = await _h.ConnectExpiredAsync();
        _h.Endpoint.Enqueue(new TokenFault.Malformed(body, contentType));

        var error = await Assert.ThrowsAsync<ZoomOAuthException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));

        Assert.Equal(OAuthErrorKind.ProtocolViolation, error.Error.Kind);
        var stored = await _h.StoredAsync();
        Assert.Equal((connected.AccessToken, connected.RefreshToken), (stored.AccessToken, stored.RefreshToken));
        Assert.NotNull(stored.RefreshOutcomeUnknownSince);
    }

    /// <summary>Zoom rotated and answered with an odd field: the new refresh token is stored and the next refresh uses it.</summary>
    [Theory]
    [InlineData("expires_in missing")]
    [InlineData("expires_in over a day")]
    [InlineData("token_type mac")]
    [InlineData("api_url unparsable")]
    [InlineData("access_token missing")]
    public async Task Refresh_OddAnswerAfterRotation_NewRefreshTokenStoredAndUsedNext(string oddity)
    {
        await _h.ConnectExpiredAsync();
        _h.Endpoint.Enqueue(new TokenFault.Odd(body =>
        {
            switch (oddity)
            {
                case "expires_in missing":
                    body.Remove("expires_in");
                    break;
                case "expires_in over a day":
                    body["expires_in"] = 90_000;
                    break;
                case "token_type mac":
                    body["token_type"] = "mac";
                    break;
                case "api_url unparsable":
                    body["api_url"] = "not a url";
                    break;
                default:
                    body.Remove("access_token");
                    break;
            }
        }));

        try
        {
            await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        }
        catch (ZoomOAuthException e) when (oddity == "access_token missing" && e.Error.Kind == OAuthErrorKind.ProtocolViolation)
        {
            // No access token to give this caller; the refresh token was kept.
        }
        Assert.Equal(_h.Endpoint.LiveRefreshToken, (await _h.StoredAsync()).RefreshToken);

        var next = await _h.Manager.RefreshAsync(TokenHarness.ConnectionId, await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));

        Assert.True(_h.Endpoint.IsAccessTokenValid(next.Value));
        Assert.Equal(0, _h.Endpoint.InvalidGrants);
        Assert.Equal(_h.Endpoint.LiveRefreshToken, (await _h.StoredAsync()).RefreshToken);
    }

    [Fact]
    public async Task RefreshAsync_RejectedTokenStillCurrent_RefreshesOnce()
    {
        await _h.ConnectAsync(TimeSpan.FromHours(1));
        var used = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _h.Manager.RefreshAsync(TokenHarness.ConnectionId, used)));

        Assert.Equal(1, _h.Endpoint.RefreshRequests);
        Assert.All(results, r => Assert.NotEqual(used.Value, r.Value));
    }

    [Fact]
    public async Task RefreshAsync_RejectedTokenAlreadyReplaced_ReturnsCurrentWithoutRequest()
    {
        await _h.ConnectAsync(TimeSpan.FromHours(1));
        var used = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        var renewed = await _h.Manager.RefreshAsync(TokenHarness.ConnectionId, used);

        var again = await _h.Manager.RefreshAsync(TokenHarness.ConnectionId, used);

        Assert.Equal(renewed.Value, again.Value);
        Assert.Equal(1, _h.Endpoint.RefreshRequests);
    }

    [Fact]
    public async Task ConnectAsync_AfterReauthorizationRequired_MakesConnectionActiveAgain()
    {
        await _h.ConnectExpiredAsync();
        _h.Endpoint.Revoke();
        await Assert.ThrowsAsync<ZoomReauthorizationRequiredException>(async () => await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId));

        var (access, refresh) = _h.Endpoint.Authorize();
        await _h.Manager.ConnectAsync(TokenHarness.ConnectionId, new ZoomTokens(access, refresh, TimeSpan.FromHours(1), ["meeting:read"]));

        Assert.Equal(access, (await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId)).Value);
        Assert.Equal(ConnectionStatus.Active, (await _h.StoredAsync()).Status);
    }

    [Fact]
    public async Task ConnectServerToServerAsync_ExpiredToken_RenewsWithAccountCredentials()
    {
        var connection = await _h.Manager.ConnectServerToServerAsync("account-1", "acct-123");
        _h.Time.Advance(TimeSpan.FromHours(1));

        var token = await _h.Manager.GetAccessTokenAsync("account-1");

        Assert.Equal(ConnectionKind.ServerToServer, connection.Kind);
        Assert.Null(connection.RefreshToken);
        Assert.NotEqual(connection.AccessToken, token.Value);
        Assert.Equal(2, _h.Endpoint.AccountRequests);
        Assert.Equal(0, _h.Endpoint.RefreshRequests);
    }

    [Fact]
    public async Task ToString_OfEveryTokenBearingType_ShowsNoToken()
    {
        var connected = await _h.ConnectAsync(TimeSpan.FromHours(1));
        var token = await _h.Manager.GetAccessTokenAsync(TokenHarness.ConnectionId);
        var tokens = new ZoomTokens(connected.AccessToken, connected.RefreshToken, TimeSpan.FromHours(1), ["meeting:read"]);

        foreach (var text in new[] { connected.ToString(), token.ToString(), tokens.ToString(), TokenResult.Success(tokens).ToString() })
        {
            _h.AssertNoSecretIn(text);
            Assert.Contains("[redacted]", text, StringComparison.Ordinal);
        }
    }

    private async Task<ZoomConnection> WaitForVersionAsync(long version)
    {
        await WaitUntilAsync(() => _h.Store.GetAsync(TokenHarness.ConnectionId).AsTask().Result?.Version == version);
        return await _h.StoredAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}

/// <summary>Hands out, once, a lock whose record is a snapshot taken earlier: a process that read before another's refresh.</summary>
internal sealed class StaleSnapshotStore(ITokenStore inner) : ITokenStore
{
    private ZoomConnection? _snapshot;

    public async Task CaptureAsync(string id) => _snapshot = await inner.GetAsync(id);

    public ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default) =>
        _snapshot is null ? inner.GetAsync(connectionId, cancellationToken) : ValueTask.FromResult<ZoomConnection?>(_snapshot);

    public ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default) => inner.SaveAsync(connection, cancellationToken);

    public async ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        var held = await inner.LockAsync(connectionId, cancellationToken);
        var snapshot = _snapshot;
        _snapshot = null;
        return snapshot is null ? held : new SnapshotLock(held, snapshot);
    }

    public ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default) => inner.FindByZoomUserAsync(zoomUserId, cancellationToken);


    public ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default) => inner.DeleteAsync(connectionId, cancellationToken);

    private sealed class SnapshotLock(ITokenLock inner, ZoomConnection snapshot) : ITokenLock
    {
        public ZoomConnection? Current { get; private set; } = snapshot;

        public async ValueTask<ZoomConnection?> ReloadAsync(CancellationToken cancellationToken = default) => Current = await inner.ReloadAsync(cancellationToken);

        public ValueTask<ZoomConnection?> TryReplaceAsync(ZoomConnection replacement, CancellationToken cancellationToken = default) => inner.TryReplaceAsync(replacement, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

public sealed class ZoomTokenManagerJoinTests
{
    [Fact]
    public async Task RefreshAsync_RefusalReportedWhileACacheMissRefreshWaits_OneRenewalServesBothAndNeitherGetsTheRefusedToken()
    {
        using var h = new TokenHarness();
        var connected = await h.ConnectAsync(TimeSpan.FromHours(1));
        var gate = new TaskCompletionSource();
        var slow = new SlowReadStore(h.Store, gate.Task);
        var manager = new ZoomTokenManager(h.OAuth, slow, timeProvider: h.Time);
        var refused = new ZoomAccessToken(connected);

        // A cache miss starts a refresh that would find the token fresh in the store...
        var cacheMiss = manager.GetAccessTokenAsync(TokenHarness.ConnectionId).AsTask();
        // ...and meanwhile Zoom answers 401 for that very token: the refusal is the connection's state,
        // so the refresh already running sees it.
        var forced = manager.RefreshAsync(TokenHarness.ConnectionId, refused);
        gate.SetResult();

        var renewed = await forced;
        Assert.NotEqual(connected.AccessToken, renewed.Value);
        Assert.Equal(renewed.Value, (await cacheMiss).Value);
        Assert.Equal(1, h.Endpoint.RefreshRequests);
    }

    private sealed class SlowReadStore(ITokenStore inner, Task gate) : ITokenStore
    {
        public async ValueTask<ZoomConnection?> GetAsync(string connectionId, CancellationToken cancellationToken = default)
        {
            await gate;
            return await inner.GetAsync(connectionId, cancellationToken);
        }

        public ValueTask<ZoomConnection> SaveAsync(ZoomConnection connection, CancellationToken cancellationToken = default) => inner.SaveAsync(connection, cancellationToken);

        public ValueTask<ITokenLock> LockAsync(string connectionId, CancellationToken cancellationToken = default) => inner.LockAsync(connectionId, cancellationToken);

        public ValueTask<IReadOnlyList<ZoomConnection>> FindByZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default) => inner.FindByZoomUserAsync(zoomUserId, cancellationToken);


        public ValueTask<bool> DeleteAsync(string connectionId, CancellationToken cancellationToken = default) => inner.DeleteAsync(connectionId, cancellationToken);
    }
}
