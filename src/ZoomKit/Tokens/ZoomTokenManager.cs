using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZoomKit.Internal;
using ZoomKit.OAuth;
using ZoomKit.Tokens.Internal;

namespace ZoomKit.Tokens;

/// <summary>
/// Keeps every connection's access token alive through Zoom's refresh-token rotation: one
/// refresh per connection per process, serialized across processes by the store's lock,
/// persisted before use, and never a refresh with a refresh token that is not the newest stored.
/// This is the public face and the in-process layer (cache, single flight, backoff); the
/// cross-process refresh is <see cref="TokenRefresher"/>'s.
/// </summary>
public sealed class ZoomTokenManager : IAccessTokenSource
{
    private readonly ZoomOAuthClient _oauth;
    private readonly ITokenStore _store;
    private readonly ZoomTokenManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConnectionState> _states = new(StringComparer.Ordinal);
    private readonly TokenRefresher _refresher;

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
        _refresher = new TokenRefresher(_oauth, _store, _options, _time, _logger);
    }

    /// <summary>The token store the manager uses.</summary>
    public ITokenStore Store => _store;

    /// <summary>
    /// The id of the server-to-server connection of a Zoom account: <c>account:{accountId}</c>. For the
    /// account of <see cref="ZoomOAuthOptions.AccountId"/>, the connection makes itself on first use.
    /// </summary>
    public static string AccountConnectionId(string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        return "account:" + accountId;
    }

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
    Task<RefreshOutcome> IAccessTokenSource.RenewRejectedAsync(string connectionId, ZoomAccessToken? rejected, CancellationToken cancellationToken) =>
        RenewRejectedAsync(connectionId, rejected, cancellationToken);

    private async Task<RefreshOutcome> RenewRejectedAsync(string connectionId, ZoomAccessToken? rejected, CancellationToken cancellationToken)
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
            SessionStamp = NewSessionStamp(),
        };
        return await StoreNewAsync(record, cancellationToken);
    }

    /// <summary>Records who a connection is at Zoom, when it was learnt after connecting; the tokens stay as they are.</summary>
    public async Task<ZoomConnection> RecordIdentityAsync(string connectionId, ZoomIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(identity);
        await using var held = await _store.LockAsync(connectionId, cancellationToken);
        var current = TokenRefresher.EnsureActive(connectionId, held.Current);
        var written = await held.TryReplaceAsync(current with { ZoomUserId = identity.ZoomUserId, AccountId = identity.AccountId ?? current.AccountId }, cancellationToken)
            ?? throw new ZoomTokenStoreException($"The record of connection '{connectionId}' changed while its lock was held.");
        TokenRefresher.Adopt(_states.GetOrAdd(connectionId, static _ => new ConnectionState()), written);
        return written;
    }

    /// <summary>
    /// Ends every session of a connection ("sign out everywhere"): gives it a new
    /// <see cref="ZoomConnection.SessionStamp"/>, so that every cookie issued with the old one stops
    /// working, on every instance. The tokens stay; the caller signs the current session in again
    /// with the returned stamp if it should go on.
    /// </summary>
    public async Task<ZoomConnection> EndSessionsAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        await using var held = await _store.LockAsync(connectionId, cancellationToken);
        var current = held.Current ?? throw new ZoomReauthorizationRequiredException(connectionId,
            new Reauthorization(ReauthorizationReason.NotConnected, "There are no Zoom tokens for this connection.", DateTimeOffset.MinValue));
        var written = await held.TryReplaceAsync(current with { SessionStamp = NewSessionStamp() }, cancellationToken)
            ?? throw new ZoomTokenStoreException($"The record of connection '{connectionId}' changed while its lock was held.");
        TokenRefresher.Adopt(_states.GetOrAdd(connectionId, static _ => new ConnectionState()), written);
        return written;
    }

    /// <summary>A new random session stamp: 128 bits, hex.</summary>
    internal static string NewSessionStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Creates a server-to-server connection for a Zoom account with the <c>account_credentials</c> grant.</summary>
    /// <exception cref="ZoomOAuthException">Zoom refused or did not answer.</exception>
    public async Task<ZoomConnection> ConnectServerToServerAsync(string connectionId, string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var sentAt = _time.GetUtcNow();
        var tokens = (await _oauth.RequestAccountTokenAsync(accountId, cancellationToken)).GetTokensOrThrow();
        return await StoreNewAsync(TokenRefresher.AccountConnection(connectionId, accountId, tokens, sentAt), cancellationToken);
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
    public Task<IReadOnlyList<string>> ForgetZoomUserAsync(string zoomUserId, CancellationToken cancellationToken = default) =>
        ForgetZoomUserAsync(zoomUserId, deauthorizedAt: null, cancellationToken);

    /// <summary>
    /// Deletes the connections of a Zoom user that were made before <paramref name="deauthorizedAt"/>
    /// (<c>app_deauthorized</c>'s <c>deauthorization_time</c>): a connection made after it belongs to
    /// a new authorization, which a late or retried delivery must not end. Null forgets them all.
    /// </summary>
    /// <returns>The ids of the connections forgotten.</returns>
    public async Task<IReadOnlyList<string>> ForgetZoomUserAsync(string zoomUserId, DateTimeOffset? deauthorizedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoomUserId);
        var forgotten = new List<string>();
        foreach (var connection in await _store.FindByZoomUserAsync(zoomUserId, cancellationToken))
        {
            if (deauthorizedAt is { } ended && connection.ConnectedAt > ended)
            {
                continue;
            }
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
            if (rejected is not null)
            {
                state.RefusedToken = rejected.Value;
            }
            // A completed task is never joined: its answer belongs to the moment it ran.
            if (state.Refresh is not { IsCompleted: false } running)
            {
                running = Task.Run(() => _refresher.RefreshAsync(state, connectionId));
                state.Refresh = running;
            }
            return running;
        }
    }
}
