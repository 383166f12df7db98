namespace ZoomKit.Tokens;

/// <summary>An access token ready for use, with what a caller needs to judge it. <see cref="ToString"/> never shows it.</summary>
public sealed class ZoomAccessToken
{
    internal ZoomAccessToken(ZoomConnection connection)
    {
        Value = connection.AccessToken;
        ExpiresAt = connection.AccessTokenExpiresAt;
        Scopes = connection.Scopes;
        Version = connection.Version;
        AccountId = connection.AccountId;
        ApiUrl = connection.ApiUrl;
    }

    /// <summary>The bearer token.</summary>
    public string Value { get; }

    /// <summary>When it stops working.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The scopes granted.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The connection version it belongs to.</summary>
    public long Version { get; }

    /// <summary>The Zoom account of the connection, when known: rate budgets are the account's.</summary>
    public string? AccountId { get; }

    /// <summary>The regional API host Zoom named for the connection, when it named one.</summary>
    public Uri? ApiUrl { get; }

    /// <inheritdoc />
    public override string ToString() => $"ZoomAccessToken {{ Value = [redacted], ExpiresAt = {ExpiresAt:O}, Version = {Version} }}";
}
