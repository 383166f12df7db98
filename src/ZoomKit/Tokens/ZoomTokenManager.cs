using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZoomKit.Internal;
using ZoomKit.OAuth;

namespace ZoomKit.Tokens;

/// <summary>
/// Keeps every connection's access token alive through Zoom's refresh-token rotation: one
/// refresh per connection per process, serialized across processes by the store's lock,
/// persisted before use, and never a refresh with a refresh token that is not the newest stored.
/// </summary>
public sealed class ZoomTokenManager
{
    private readonly ZoomOAuthClient _oauth;
    private readonly ITokenStore _store;
    private readonly ZoomTokenManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConnectionState> _states = new(StringComparer.Ordinal);

    /// <summary>Creates the manager.</summary>
    public ZoomTokenManager(
        ZoomOAuthClient oauth,
        ITokenStore store,
        IOptions<ZoomTokenManagerOptions>? options = null,
        TimeProvider? timeProvider = null,
        ILogger<ZoomTokenManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(oauth);
        ArgumentNullException.ThrowIfNull(store);
        _oauth = oauth;
        _store = store;
        _options = options?.Value ?? new ZoomTokenManagerOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The token store the manager uses.</summary>
    public ITokenStore Store => _store;

    /// <summary>
    /// A working access token for the connection. A cached token that is valid beyond the
    /// refresh-ahead margin comes back without I/O; otherwise the caller joins the one shared refresh.
    /// </summary>
    /// <exception cref="ZoomReauthorizationRequiredException">The user must connect Zoom again.</exception>
    /// <exception cref="ZoomOAuthException">The refresh failed and the current token no longer works.</exception>
    /// <exception cref="ZoomTokenStoreException">The token store failed.</exception>
    public ValueTask<ZoomAccessToken> GetAccessTokenAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var state = _states.GetOrAdd(connectionId, static _ => new ConnectionState());
        var token = state.Token;
        if (token is not null && state.Unpersisted is null)
        {
            var now = _time.GetUtcNow();
            if (now < token.ExpiresAt - _options.RefreshAhead)
            {
                return new ValueTask<ZoomAccessToken>(token);
            }
            // A refresh failed moments ago for a reason that may pass: keep serving the valid token until the retry is due.
            if (now < token.ExpiresAt && now < state.RetryAt)
            {
                return new ValueTask<ZoomAccessToken>(token);
            }
        }
        return new ValueTask<ZoomAccessToken>(TokenOf(JoinRefresh(state, connectionId, rejected: null).WaitAsync(cancellationToken)));
    }

    private static async Task<ZoomAccessToken> TokenOf(Task<RefreshOutcome> outcome) => (await outcome).Token;

    /// <summary>
    /// Renews the connection's token because Zoom rejected <paramref name="rejected"/> (HTTP 401,
    /// code 124). If the current token is already another one, that one comes back and nothing is sent.
    /// </summary>
    public async Task<ZoomAccessToken> RefreshAsync(string connectionId, ZoomAccessToken? rejected = null, CancellationToken cancellationToken = default) =>
        (await RenewRejectedAsync(connectionId, rejected, cancellationToken)).Token;

    /// <summary>
    /// <see cref="RefreshAsync(string, ZoomAccessToken?, CancellationToken)"/>, also telling whether the token came from a refresh made for this
    /// call (Zoom just issued it) or was adopted (cached, or stored by another process), which Zoom
    /// may refuse too.
    /// </summary>
    internal async Task<RefreshOutcome> RenewRejectedAsync(string connectionId, ZoomAccessToken? rejected, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var state = _states.GetOrAdd(connectionId, static _ => new ConnectionState());
        if (rejected is not null && state.Token is { } current && current.Value != rejected.Value && current.ExpiresAt > _time.GetUtcNow())
        {
            return new RefreshOutcome(current, Renewed: false);
        }
        rejected ??= state.Token;
        var outcome = await JoinRefresh(state, connectionId, rejected).WaitAsync(cancellationToken);
        // The refresh joined may have started before anyone knew Zoom refused this token (a cache
        // miss that found it still fresh in the store): then renew once more, this time knowing.
        for (var attempt = 0; rejected is not null && outcome.Token.Value == rejected.Value && attempt < 2; attempt++)
        {
            outcome = await JoinRefresh(state, connectionId, rejected).WaitAsync(cancellationToken);
        }
        return outcome;
    }

    /// <summary>Stores the tokens of a new authorization (after the code exchange), replacing whatever the connection held.</summary>
    public Task<ZoomConnection> ConnectAsync(string connectionId, ZoomTokens tokens, CancellationToken cancellationToken = default) =>
        ConnectAsync(connectionId, tokens, identity: null, cancellationToken);

    /// <summary>
    /// Stores the tokens of a new authorization with who it is at Zoom (<c>GET /users/me</c> with its
    /// access token), replacing whatever the connection held. The identity lets <c>app_deauthorized</c>
    /// find the connection (<see cref="ITokenStore.FindByZoomUserAsync"/>) and the account's rate
    /// budgets be shared by its users.
    /// </summary>
    public async Task<ZoomConnection> ConnectAsync(string connectionId, ZoomTokens tokens, ZoomIdentity? identity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.RefreshToken is null)
        {
            throw new ArgumentException("A user connection needs a refresh token; Zoom's authorization code grant returns one.", nameof(tokens));
        }
        var record = new ZoomConnection
        {
            Id = connectionId,
            AccessToken = tokens.AccessToken,
            RefreshToken = tokens.RefreshToken,
            AccessTokenExpiresAt = _time.GetUtcNow() + tokens.ExpiresIn,
            Scopes = tokens.Scopes,
            ZoomUserId = identity?.ZoomUserId,
            AccountId = identity?.AccountId,
            ApiUrl = tokens.ApiUrl,
            ConnectedAt = _time.GetUtcNow(),
        };
        return await StoreNewAsync(record, cancellationToken);
    }

    /// <summary>Records who a connection is at Zoom, when it was learnt after connecting; the tokens stay as they are.</summary>
    public async Task<ZoomConnection> RecordIdentityAsync(string connectionId, ZoomIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(identity);
        await using var held = await _store.LockAsync(connectionId, cancellationToken);
        var current = EnsureActive(connectionId, held.Current);
        var written = await held.TryReplaceAsync(current with { ZoomUserId = identity.ZoomUserId, AccountId = identity.AccountId ?? current.AccountId }, cancellationToken)
            ?? throw new ZoomTokenStoreException($"The record of connection '{connectionId}' changed while its lock was held.");
        Adopt(_states.GetOrAdd(connectionId, static _ => new ConnectionState()), written);
        return written;
    }

    /// <summary>Creates a server-to-server connection for a Zoom account with the <c>account_credentials</c> grant.</summary>
    /// <exception cref="ZoomOAuthException">Zoom refused or did not answer.</exception>
    public async Task<ZoomConnection> ConnectServerToServerAsync(string connectionId, string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var sentAt = _time.GetUtcNow();
        var tokens = (await _oauth.RequestAccountTokenAsync(accountId, cancellationToken)).GetTokensOrThrow();
        var record = new ZoomConnection
        {
            Id = connectionId,
            Kind = ConnectionKind.ServerToServer,
            AccountId = accountId,
            AccessToken = tokens.AccessToken,
            AccessTokenExpiresAt = sentAt + tokens.ExpiresIn,
            Scopes = tokens.Scopes,
            ApiUrl = tokens.ApiUrl,
            ConnectedAt = sentAt,
        };
        return await StoreNewAsync(record, cancellationToken);
    }

    /// <summary>
    /// Ends a connection: revokes its authorization at Zoom (which also removes the app from the
    /// user's Zoom account) and deletes its tokens. A connection whose tokens no longer work is
    /// deleted without revoking.
    /// </summary>
    /// <exception cref="ZoomOAuthException">Zoom could not be reached to revoke; nothing was deleted, so the user can try again.</exception>
    public async Task DisconnectAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        try
        {
            var token = await GetAccessTokenAsync(connectionId, cancellationToken);
            await _oauth.RevokeAsync(token.Value, cancellationToken);
        }
        catch (ZoomReauthorizationRequiredException)
        {
            // Nothing left to revoke at Zoom.
        }
        catch (ZoomOAuthException e) when (e.Error.Kind is OAuthErrorKind.InvalidGrant or OAuthErrorKind.Rejected)
        {
            // Zoom no longer knows the token: the authorization is already gone.
        }
        await ForgetAsync(connectionId, cancellationToken);
    }

    /// <summary>Deletes a connection's tokens without calling Zoom (for <c>app_deauthorized</c>).</summary>
    public async Task ForgetAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        await _store.DeleteAsync(connectionId, cancellationToken);
        // The state goes with the record: a refresh still in flight finishes on an orphan, so its
        // token never lands in the cache of a connection that no longer exists.
        if (_states.TryRemove(connectionId, out var state))
        {
            state.Token = null;
            state.Unpersisted = null;
        }
    }

    /// <summary>
    /// Deletes every connection of a Zoom user without calling Zoom (for <c>app_deauthorized</c>,
    /// which names the Zoom user, whatever ids the application gave its connections).
    /// </summary>
    /// <returns>The ids of the connections forgotten.</returns>
    public async Task<IReadOnlyList<string>> ForgetZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoomUserId);
        var forgotten = new List<string>();
        foreach (var connection in await _store.FindByZoomUserAsync(zoomUserId, cancellationToken))
        {
            await ForgetAsync(connection.Id, cancellationToken);
            forgotten.Add(connection.Id);
        }
        return forgotten;
    }

    private async Task<ZoomConnection> StoreNewAsync(ZoomConnection record, CancellationToken cancellationToken)
    {
        var stored = await _store.SaveAsync(record, cancellationToken);
        var state = _states.GetOrAdd(stored.Id, static _ => new ConnectionState());
        state.Unpersisted = null;
        state.ResetFailures();
        state.Token = new ZoomAccessToken(stored);
        Log.Connected(_logger, stored.Id, stored.Version, string.Join(' ', stored.Scopes));
        return stored;
    }

    private Task<RefreshOutcome> JoinRefresh(ConnectionState state, string connectionId, ZoomAccessToken? rejected)
    {
        lock (state)
        {
            // A completed task is never joined: its answer belongs to the moment it ran.
            if (state.Refresh is not { IsCompleted: false } running)
            {
                running = Task.Run(() => RefreshAsync(state, connectionId, rejected));
                state.Refresh = running;
            }
            return running;
        }
    }

    private async Task<RefreshOutcome> RefreshAsync(ConnectionState state, string connectionId, ZoomAccessToken? rejected)
    {
        // The shared refresh runs on its own deadline: no caller's cancellation reaches it.
        using var deadline = new CancellationTokenSource(_options.RefreshTimeout, _time);
        var cancellationToken = deadline.Token;

        if (state.Unpersisted is { } pending)
        {
            return await PersistPendingAsync(state, connectionId, pending, cancellationToken);
        }

        var stored = await _store.GetAsync(connectionId, cancellationToken);
        var usable = Usable(connectionId, stored, rejected);
        if (usable is not null)
        {
            return new(Adopt(state, usable), Renewed: false);
        }

        await using var held = await _store.LockAsync(connectionId, cancellationToken);
        // Under the lock, re-read: another process may have refreshed while this one waited.
        usable = Usable(connectionId, held.Current, rejected);
        if (usable is not null)
        {
            Log.AdoptedStored(_logger, connectionId, usable.Version);
            return new(Adopt(state, usable), Renewed: false);
        }
        return await RenewAsync(state, held, held.Current!, rejected, cancellationToken);
    }

    private async Task<RefreshOutcome> RenewAsync(
        ConnectionState state, ITokenLock held, ZoomConnection current, ZoomAccessToken? rejected, CancellationToken cancellationToken)
    {
        var sentAt = _time.GetUtcNow();
        var sentRefreshToken = current.RefreshToken;
        var attemptId = Guid.NewGuid().ToString("N");
        TokenResult result;
        if (current.Kind == ConnectionKind.ServerToServer)
        {
            result = await _oauth.RequestAccountTokenAsync(current.AccountId!, cancellationToken);
        }
        else if (sentRefreshToken is null)
        {
            throw await RequireReauthorizationAsync(state, held, current, ReauthorizationReason.NotConnected,
                "The connection has no refresh token.", cancellationToken);
        }
        else
        {
            await held.RecordRefreshAttemptAsync(attemptId, Hash(sentRefreshToken), cancellationToken);
            result = await _oauth.RefreshAsync(sentRefreshToken, cancellationToken);
            if (result.Succeeded || !result.Error.OutcomeUnknown)
            {
                // Zoom answered: whatever happened is known, no later process needs to wonder.
                await held.CompleteRefreshAttemptAsync(attemptId, cancellationToken);
            }
        }

        ZoomTelemetry.Refreshes.Add(1, new KeyValuePair<string, object?>("outcome", result.Succeeded ? "success" : result.Error.Kind.ToString()));
        if (result.Succeeded)
        {
            var tokens = result.Tokens;
            var replacement = current with
            {
                AccessToken = tokens.AccessToken,
                // RFC 6749 §6: a server may keep the refresh token; then the old one stays the newest.
                RefreshToken = tokens.RefreshToken ?? current.RefreshToken,
                // Counted from when the request left, not when the answer came: never later than Zoom's own reckoning.
                AccessTokenExpiresAt = sentAt + tokens.ExpiresIn,
                Scopes = tokens.Scopes.Count > 0 ? tokens.Scopes : current.Scopes,
                ApiUrl = tokens.ApiUrl ?? current.ApiUrl,
                RefreshOutcomeUnknownSince = null,
                Reauthorization = null,
            };
            var persisted = await PersistRefreshedAsync(state, held, current, replacement, cancellationToken);
            if (tokens.AccessToken.Length == 0)
            {
                // Kept the new refresh token (Zoom has rotated); with no access token to give, this call fails and the next renews.
                throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.ProtocolViolation, null, null,
                    "Zoom's refresh answer had no access token; its new refresh token was kept and the next call renews from it."));
            }
            return persisted;
        }

        var error = result.Error;
        // Older Zoom answered a dead refresh token with invalid_request instead of invalid_grant (ZOOM.md).
        var grantRefused = error.Kind == OAuthErrorKind.InvalidGrant
            || (error.Kind == OAuthErrorKind.Rejected && error.Error == ZoomOAuthConstants.Errors.InvalidRequest && current.Kind == ConnectionKind.User);
        if (grantRefused)
        {
            var reread = await held.ReloadAsync(cancellationToken);
            if (reread is not null && reread.Status == ConnectionStatus.Active && reread.RefreshToken != sentRefreshToken)
            {
                // The store moved on without the lock (a new authorization): its tokens are the live ones.
                if (Usable(current.Id, reread, rejected) is { } adopted)
                {
                    return new(Adopt(state, adopted), Renewed: false);
                }
                return await RenewAsync(state, held, reread, rejected, cancellationToken);
            }
            // A lost answer shows as an unknown outcome this process or another recorded with this refresh token.
            var lost = current.RefreshOutcomeUnknownSince is not null
                || await held.HasUnfinishedRefreshAttemptAsync(attemptId, Hash(sentRefreshToken!), cancellationToken);
            var detail = lost
                ? "An earlier refresh with this refresh token got no usable answer, and Zoom now refuses the token it would have replaced: the answer that carried the new tokens was lost."
                : $"Zoom refused the newest stored refresh token ({error.Error}): the user revoked the app, authorized it again elsewhere, or the token expired.";
            throw await RequireReauthorizationAsync(state, held, current,
                lost ? ReauthorizationReason.RefreshResponseLost : ReauthorizationReason.RefreshTokenRejected, detail, cancellationToken);
        }

        // Transient failures, broken answers, configuration errors: the stored refresh token is still the newest known.
        if (error.OutcomeUnknown && current.Kind == ConnectionKind.User && current.RefreshOutcomeUnknownSince is null)
        {
            current = await held.TryReplaceAsync(current with { RefreshOutcomeUnknownSince = sentAt }, cancellationToken) ?? current;
        }
        var now = _time.GetUtcNow();
        var retryAt = state.RecordFailure(now, _options.RetryDelay, _options.MaxRetryDelay);
        if (current.IsAccessTokenValidAt(now) && (rejected is null || rejected.Value != current.AccessToken))
        {
            Log.ServingDespiteFailure(_logger, current.Id, error.Kind, current.AccessTokenExpiresAt, retryAt);
            return new(Adopt(state, current), Renewed: false);
        }
        throw new ZoomOAuthException(error);
    }

    private async Task<RefreshOutcome> PersistRefreshedAsync(
        ConnectionState state, ITokenLock held, ZoomConnection basis, ZoomConnection replacement, CancellationToken cancellationToken)
    {
        ZoomConnection? written;
        try
        {
            written = await held.TryReplaceAsync(replacement, cancellationToken);
        }
        catch (Exception e) when (e is ZoomTokenStoreException or OperationCanceledException)
        {
            // Zoom has rotated: the stored refresh token is dead and these are the only live tokens.
            // Keep them and write them before anything else; never refresh again with the dead one.
            state.Unpersisted = new PendingWrite(basis, replacement);
            state.Token = null;
            Log.PersistFailed(_logger, basis.Id, e);
            throw new ZoomTokenStoreException(
                $"Zoom issued new tokens for connection '{basis.Id}' but the token store could not keep them; " +
                "they are held in memory and written before any other refresh.", e);
        }
        if (written is null)
        {
            // The record changed under the lock, which only a new authorization does: Zoom has
            // invalidated the tokens this refresh returned (4741), the stored ones are live. The lock
            // ended with the failed write, so they are read afresh.
            var newer = await _store.GetAsync(basis.Id, cancellationToken);
            return new(Adopt(state, EnsureActive(basis.Id, newer)), Renewed: false);
        }
        state.ResetFailures();
        Log.Refreshed(_logger, written.Id, written.Version, written.AccessTokenExpiresAt);
        return new(Adopt(state, written), Renewed: true);
    }

    private async Task<RefreshOutcome> PersistPendingAsync(ConnectionState state, string connectionId, PendingWrite pending, CancellationToken cancellationToken)
    {
        await using var held = await _store.LockAsync(connectionId, cancellationToken);
        var current = held.Current;
        if (current is null || current.RefreshToken != pending.Basis.RefreshToken)
        {
            // Deleted or authorized anew since: those tokens win.
            state.Unpersisted = null;
            return new(Adopt(state, EnsureActive(connectionId, current)), Renewed: false);
        }
        var written = await held.TryReplaceAsync(pending.Replacement, cancellationToken)
            ?? throw new ZoomTokenStoreException($"The record of connection '{connectionId}' changed while its lock was held.");
        state.Unpersisted = null;
        state.ResetFailures();
        Log.PersistRecovered(_logger, connectionId, written.Version);
        return new(Adopt(state, written), Renewed: true);
    }

    private async Task<ZoomReauthorizationRequiredException> RequireReauthorizationAsync(
        ConnectionState state, ITokenLock held, ZoomConnection current, ReauthorizationReason reason, string detail, CancellationToken cancellationToken)
    {
        var reauthorization = new Reauthorization(reason, detail, _time.GetUtcNow());
        // Mark, never delete: the record stays for the user to see why, and for a re-authorization to replace.
        await held.TryReplaceAsync(current with { Reauthorization = reauthorization }, cancellationToken);
        state.Token = null;
        Log.ReauthorizationRequired(_logger, current.Id, reason);
        return new ZoomReauthorizationRequiredException(current.Id, reauthorization);
    }

    private ZoomConnection? Usable(string connectionId, ZoomConnection? connection, ZoomAccessToken? rejected)
    {
        var active = EnsureActive(connectionId, connection);
        var fresh = _time.GetUtcNow() < active.AccessTokenExpiresAt - _options.RefreshAhead;
        return fresh && (rejected is null || rejected.Value != active.AccessToken) ? active : null;
    }

    private static ZoomConnection EnsureActive(string connectionId, ZoomConnection? connection)
    {
        if (connection is null)
        {
            throw new ZoomReauthorizationRequiredException(connectionId,
                new Reauthorization(ReauthorizationReason.NotConnected, "There are no Zoom tokens for this connection.", DateTimeOffset.MinValue));
        }
        if (connection.Reauthorization is { } reauthorization)
        {
            throw new ZoomReauthorizationRequiredException(connectionId, reauthorization);
        }
        return connection;
    }

    private static ZoomAccessToken Adopt(ConnectionState state, ZoomConnection connection)
    {
        var token = state.Token;
        if (token is null || token.Version != connection.Version || token.Value != connection.AccessToken)
        {
            token = new ZoomAccessToken(connection);
            state.Token = token;
        }
        return token;
    }

    private static string Hash(string refreshToken) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken)));

    private sealed record PendingWrite(ZoomConnection Basis, ZoomConnection Replacement);

    /// <summary>A token, and whether a refresh made just now issued it (rather than the cache or the store).</summary>
    internal readonly record struct RefreshOutcome(ZoomAccessToken Token, bool Renewed);

    private sealed class ConnectionState
    {
        private int _failures;

        public volatile ZoomAccessToken? Token;
        public volatile PendingWrite? Unpersisted;
        public Task<RefreshOutcome>? Refresh;

        public DateTimeOffset RetryAt { get; private set; }

        public DateTimeOffset RecordFailure(DateTimeOffset now, TimeSpan first, TimeSpan max)
        {
            var failures = Interlocked.Increment(ref _failures);
            var delay = TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks << Math.Min(failures - 1, 20)));
            RetryAt = now + delay;
            return RetryAt;
        }

        public void ResetFailures()
        {
            Interlocked.Exchange(ref _failures, 0);
            RetryAt = default;
        }
    }
}
