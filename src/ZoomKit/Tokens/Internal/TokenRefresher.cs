using Microsoft.Extensions.Logging;
using ZoomKit.Internal;
using ZoomKit.OAuth;

namespace ZoomKit.Tokens.Internal;

/// <summary>
/// The cross-process half of the token lifecycle: takes the store's lock on a connection, re-reads
/// it, and either adopts what another process stored or renews with the newest stored refresh token,
/// writing the answer with compare-and-swap before anyone uses it; classifies what Zoom refused
/// (lost answer or revoked) and keeps tokens in memory when the store fails after Zoom rotated. The
/// in-process half (cache, single flight, backoff) is <see cref="ZoomTokenManager"/>'s.
/// </summary>
internal sealed class TokenRefresher(ZoomOAuthClient oauth, ITokenStore store, ZoomTokenManagerOptions options, TimeProvider time, ILogger logger)
{
    private readonly ZoomOAuthClient _oauth = oauth;
    private readonly ITokenStore _store = store;
    private readonly ZoomTokenManagerOptions _options = options;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    public async Task<RefreshOutcome> RefreshAsync(ConnectionState state, string connectionId)
    {
        // The shared refresh runs on its own deadline: no caller's cancellation reaches it.
        using var deadline = new CancellationTokenSource(_options.RefreshTimeout, _time);
        var cancellationToken = deadline.Token;

        if (state.Unpersisted is { } pending)
        {
            return await PersistPendingAsync(state, connectionId, pending, cancellationToken);
        }

        var stored = await _store.GetAsync(connectionId, cancellationToken);
        if (stored is null && _oauth.ConfiguredAccountId is { } accountId && connectionId == ZoomTokenManager.AccountConnectionId(accountId))
        {
            // The configured account connects itself. Processes starting together may each fetch a
            // token once (server-to-server tokens do not replace each other); renewals go one at a time.
            var sentAt = _time.GetUtcNow();
            var tokens = (await _oauth.RequestAccountTokenAsync(accountId, cancellationToken)).GetTokensOrThrow();
            var connected = await _store.SaveAsync(AccountConnection(connectionId, accountId, tokens, sentAt), cancellationToken);
            return new(Adopt(state, connected), Renewed: true);
        }
        var usable = Usable(connectionId, stored, state);
        if (usable is not null)
        {
            return new(Adopt(state, usable), Renewed: false);
        }

        // While another caller (in another process) holds the lock, wait for it, then read what it
        // wrote: adopting needs no lock, and the callers that adopt do not queue for it in turn.
        var taken = await _store.TryLockAsync(connectionId, cancellationToken);
        while (taken is null)
        {
            usable = Usable(connectionId, await _store.GetAsync(connectionId, cancellationToken), state);
            if (usable is not null)
            {
                Log.AdoptedStored(_logger, connectionId, usable.Version);
                return new(Adopt(state, usable), Renewed: false);
            }
            taken = await _store.TryLockAsync(connectionId, cancellationToken);
        }
        await using var held = taken;
        // Under the lock, re-read: another process may have refreshed since the read above.
        // Re-read the refusal too: a caller may have reported one while this refresh waited for the lock.
        usable = Usable(connectionId, held.Current, state);
        if (usable is not null)
        {
            Log.AdoptedStored(_logger, connectionId, usable.Version);
            return new(Adopt(state, usable), Renewed: false);
        }
        return await RenewAsync(state, held, held.Current!, cancellationToken);
    }

    private async Task<RefreshOutcome> RenewAsync(
        ConnectionState state, ITokenLock held, ZoomConnection current, CancellationToken cancellationToken)
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
                try
                {
                    await held.CompleteRefreshAttemptAsync(attemptId, cancellationToken);
                }
                catch (ZoomTokenStoreException e)
                {
                    // After a rotation this answer is the only copy of the live tokens: it goes on to be
                    // kept whatever became of the record. Left behind, the record can only make a later
                    // refusal of the refresh token just sent read as a lost answer, which it then was.
                    Log.AttemptNotCompleted(_logger, current.Id, e);
                }
            }
        }

        ZoomTelemetry.Refreshes.Add(1, new KeyValuePair<string, object?>("zoomkit.outcome", result.Succeeded ? "success" : result.Error.Kind.ToString()));
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
                if (Usable(current.Id, reread, state) is { } adopted)
                {
                    return new(Adopt(state, adopted), Renewed: false);
                }
                return await RenewAsync(state, held, reread, cancellationToken);
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
        if (current.IsAccessTokenValidAt(now) && state.RefusedToken != current.AccessToken)
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

    /// <summary>The stored connection, when its access token is fresh and not the one Zoom refused (held in the connection's state).</summary>
    private ZoomConnection? Usable(string connectionId, ZoomConnection? connection, ConnectionState state)
    {
        var active = EnsureActive(connectionId, connection);
        var fresh = _time.GetUtcNow() < active.AccessTokenExpiresAt - _options.RefreshAhead;
        return fresh && state.RefusedToken != active.AccessToken ? active : null;
    }

    /// <summary>A new server-to-server connection from an <c>account_credentials</c> answer sent at <paramref name="sentAt"/>.</summary>
    public static ZoomConnection AccountConnection(string connectionId, string accountId, ZoomTokens tokens, DateTimeOffset sentAt) => new()
    {
        Id = connectionId,
        Kind = ConnectionKind.ServerToServer,
        AccountId = accountId,
        AccessToken = tokens.AccessToken,
        AccessTokenExpiresAt = sentAt + tokens.ExpiresIn,
        Scopes = tokens.Scopes,
        ApiUrl = tokens.ApiUrl,
        ConnectedAt = sentAt,
        SessionStamp = ZoomTokenManager.NewSessionStamp(),
    };

    public static ZoomConnection EnsureActive(string connectionId, ZoomConnection? connection)
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

    public static ZoomAccessToken Adopt(ConnectionState state, ZoomConnection connection)
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
}
