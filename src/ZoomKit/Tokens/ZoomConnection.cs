using System.Text;

namespace ZoomKit.Tokens;

/// <summary>Who a connection's tokens act for.</summary>
public enum ConnectionKind
{
    /// <summary>A user who authorized the app (authorization code grant); refreshed with a rotating refresh token.</summary>
    User,

    /// <summary>A server-to-server app's account (<c>account_credentials</c> grant); renewed with the client credentials.</summary>
    ServerToServer,
}

/// <summary>Whether a connection's tokens can still be used.</summary>
public enum ConnectionStatus
{
    /// <summary>The tokens work, or can be refreshed.</summary>
    Active,

    /// <summary>Only a new authorization by the user can bring the connection back.</summary>
    ReauthorizationRequired,
}

/// <summary>Why a connection needs the user to authorize the app again.</summary>
public enum ReauthorizationReason
{
    /// <summary>There are no tokens for the connection: never connected, or disconnected.</summary>
    NotConnected,

    /// <summary>Zoom refused the newest stored refresh token (revoked, expired, or replaced by a newer authorization).</summary>
    RefreshTokenRejected,

    /// <summary>
    /// A refresh reached Zoom but its answer was lost, so Zoom rotated the refresh token and the
    /// new one never arrived; Zoom's advice is to authorize again [DF 10375].
    /// </summary>
    RefreshResponseLost,

    /// <summary>The user removed the app in Zoom (<c>app_deauthorized</c>).</summary>
    Deauthorized,
}

/// <summary>Who a connection is at Zoom, from <c>GET /users/me</c> with its first access token.</summary>
/// <param name="ZoomUserId">The Zoom user's id.</param>
/// <param name="AccountId">The Zoom account's id, which rate budgets belong to.</param>
public sealed record ZoomIdentity(string ZoomUserId, string? AccountId);

/// <summary>The state of a connection that needs reauthorization, with why and since when.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Detail">What happened, in words; never a token.</param>
/// <param name="Since">When it was decided.</param>
public sealed record Reauthorization(ReauthorizationReason Reason, string Detail, DateTimeOffset Since);

/// <summary>
/// One Zoom authorization and its tokens, as a token store keeps it. Immutable: a refresh writes a
/// new record with <see cref="Version"/> one higher. <see cref="ToString"/> never shows a token.
/// </summary>
public sealed record ZoomConnection
{
    /// <summary>The application's key for the connection (its user id, or the account's).</summary>
    public required string Id { get; init; }

    /// <summary>A user authorization or a server-to-server account.</summary>
    public ConnectionKind Kind { get; init; } = ConnectionKind.User;

    /// <summary>The Zoom account id: the server-to-server account, or the connected user's account (from <c>GET /users/me</c>).</summary>
    public string? AccountId { get; init; }

    /// <summary>The connected Zoom user's id (from <c>GET /users/me</c> at connect time), when known.</summary>
    public string? ZoomUserId { get; init; }

    /// <summary>The regional API host Zoom named for this authorization (<c>api_url</c>), when it named one.</summary>
    public Uri? ApiUrl { get; init; }

    /// <summary>When the authorization was made, when known.</summary>
    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>
    /// A random value that changes whenever the connection is made again or its sessions are ended
    /// (<see cref="ZoomTokenManager.EndSessionsAsync"/>), and never on a refresh. An app's sign-in
    /// cookie carries it, and honours the cookie only while the two agree. Null for a connection
    /// stored before stamps existed.
    /// </summary>
    public string? SessionStamp { get; init; }

    /// <summary>The current access token.</summary>
    public required string AccessToken { get; init; }

    /// <summary>The newest refresh token; the only one Zoom still accepts.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When the access token stops working, by this process's clock.</summary>
    public required DateTimeOffset AccessTokenExpiresAt { get; init; }

    /// <summary>The scopes granted.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Incremented by every write; the compare-and-swap guard of concurrent refreshes.</summary>
    public long Version { get; init; }

    /// <summary>Set when only a new authorization can help; <see langword="null"/> while active.</summary>
    public Reauthorization? Reauthorization { get; init; }

    /// <summary>
    /// Set when a refresh with the current refresh token may have reached Zoom but its answer was
    /// lost: if Zoom later refuses that refresh token, the answer was lost after the rotation.
    /// </summary>
    public DateTimeOffset? RefreshOutcomeUnknownSince { get; init; }

    /// <summary>When the record was written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary><see cref="ConnectionStatus.Active"/> unless <see cref="Reauthorization"/> is set.</summary>
    public ConnectionStatus Status => Reauthorization is null ? ConnectionStatus.Active : ConnectionStatus.ReauthorizationRequired;

    /// <summary>Whether the access token works until at least <paramref name="moment"/>.</summary>
    public bool IsAccessTokenValidAt(DateTimeOffset moment) => moment < AccessTokenExpiresAt;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Kind = ").Append(Kind)
            .Append(", ZoomUserId = ").Append(ZoomUserId)
            .Append(", AccountId = ").Append(AccountId)
            .Append(", AccessToken = [redacted], RefreshToken = ").Append(RefreshToken is null ? "none" : "[redacted]")
            .Append(", AccessTokenExpiresAt = ").Append(AccessTokenExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", Scopes = ").Append(string.Join(' ', Scopes))
            .Append(", Version = ").Append(Version)
            .Append(", Status = ").Append(Status);
        if (Reauthorization is not null)
        {
            builder.Append(", Reason = ").Append(Reauthorization.Reason);
        }
        return true;
    }
}
