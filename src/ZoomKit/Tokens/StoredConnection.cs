namespace ZoomKit.Tokens;

/// <summary>
/// A connection as a store keeps it, field by field in column-friendly types, with both tokens
/// sealed by an <see cref="ITokenProtector"/> under a context that names the connection and the
/// field (so a sealed token copied to another row or field does not open). Written once here for
/// every store author: a store maps these fields to its columns and back, nothing more.
/// </summary>
public sealed record StoredConnection
{
    /// <summary>The connection's id.</summary>
    public required string Id { get; init; }
    /// <summary><see cref="ConnectionKind"/> as a number.</summary>
    public required int Kind { get; init; }
    /// <summary>The Zoom account id, or null.</summary>
    public string? AccountId { get; init; }
    /// <summary>The sealed access token.</summary>
    public required byte[] AccessToken { get; init; }
    /// <summary>The sealed refresh token, or null.</summary>
    public byte[]? RefreshToken { get; init; }
    /// <summary>When the access token expires.</summary>
    public required DateTimeOffset AccessTokenExpiresAt { get; init; }
    /// <summary>The scopes, space-separated.</summary>
    public required string Scopes { get; init; }
    /// <summary>The version (compare-and-swap guard).</summary>
    public required long Version { get; init; }
    /// <summary><see cref="ReauthorizationReason"/> as a number, when reauthorization is required.</summary>
    public int? ReauthorizationReason { get; init; }
    /// <summary>Why reauthorization is required, in words.</summary>
    public string? ReauthorizationDetail { get; init; }
    /// <summary>Since when reauthorization is required.</summary>
    public DateTimeOffset? ReauthorizationSince { get; init; }
    /// <summary>Since when a refresh's outcome is unknown.</summary>
    public DateTimeOffset? RefreshOutcomeUnknownSince { get; init; }
    /// <summary>When the record was written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The Zoom user id, or null.</summary>
    public string? ZoomUserId { get; init; }
    /// <summary>The regional API host, absolute, or null.</summary>
    public string? ApiUrl { get; init; }
    /// <summary>When the authorization was made, or null.</summary>
    public DateTimeOffset? ConnectedAt { get; init; }
    /// <summary>The session stamp, or null.</summary>
    public string? SessionStamp { get; init; }

    /// <summary>Seals a connection's tokens for storage.</summary>
    public static StoredConnection Seal(ZoomConnection connection, ITokenProtector protector)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(protector);
        return new StoredConnection
        {
            Id = connection.Id,
            Kind = (int)connection.Kind,
            AccountId = connection.AccountId,
            AccessToken = protector.Protect(connection.AccessToken, Context(connection.Id, "access token")),
            RefreshToken = connection.RefreshToken is null ? null : protector.Protect(connection.RefreshToken, Context(connection.Id, "refresh token")),
            AccessTokenExpiresAt = connection.AccessTokenExpiresAt,
            Scopes = string.Join(' ', connection.Scopes),
            Version = connection.Version,
            ReauthorizationReason = connection.Reauthorization is null ? null : (int)connection.Reauthorization.Reason,
            ReauthorizationDetail = connection.Reauthorization?.Detail,
            ReauthorizationSince = connection.Reauthorization?.Since,
            RefreshOutcomeUnknownSince = connection.RefreshOutcomeUnknownSince,
            UpdatedAt = connection.UpdatedAt,
            ZoomUserId = connection.ZoomUserId,
            ApiUrl = connection.ApiUrl?.AbsoluteUri,
            ConnectedAt = connection.ConnectedAt,
            SessionStamp = connection.SessionStamp,
        };
    }

    /// <summary>Opens the sealed tokens: the connection as the library uses it.</summary>
    /// <exception cref="ZoomTokenStoreException">A token does not open (wrong key, or altered).</exception>
    public ZoomConnection Open(ITokenProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return new ZoomConnection
        {
            Id = Id,
            Kind = (ConnectionKind)Kind,
            AccountId = AccountId,
            AccessToken = protector.Unprotect(AccessToken, Context(Id, "access token")),
            RefreshToken = RefreshToken is null ? null : protector.Unprotect(RefreshToken, Context(Id, "refresh token")),
            AccessTokenExpiresAt = AccessTokenExpiresAt,
            Scopes = Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Version = Version,
            Reauthorization = ReauthorizationReason is { } reason
                ? new Reauthorization((Tokens.ReauthorizationReason)reason, ReauthorizationDetail ?? "", ReauthorizationSince ?? DateTimeOffset.MinValue)
                : null,
            RefreshOutcomeUnknownSince = RefreshOutcomeUnknownSince,
            UpdatedAt = UpdatedAt,
            ZoomUserId = ZoomUserId,
            ApiUrl = ApiUrl is null ? null : new Uri(ApiUrl),
            ConnectedAt = ConnectedAt,
            SessionStamp = SessionStamp,
        };
    }

    // The associated data of each sealed token: it names whose token it is and which.
    private static string Context(string id, string field) => $"the {field} of connection '{id}'";
}
