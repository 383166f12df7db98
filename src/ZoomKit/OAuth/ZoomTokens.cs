namespace ZoomKit.OAuth;

/// <summary>A successful answer of Zoom's token endpoint. Its <see cref="ToString"/> never shows a token.</summary>
public sealed class ZoomTokens
{
    /// <summary>Creates the answer.</summary>
    public ZoomTokens(string accessToken, string? refreshToken, TimeSpan expiresIn, IReadOnlyList<string> scopes, Uri? apiUrl = null)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        ArgumentNullException.ThrowIfNull(scopes);
        if (accessToken.Length == 0 && string.IsNullOrEmpty(refreshToken))
        {
            throw new ArgumentException("A token answer needs an access token or a refresh token.", nameof(accessToken));
        }
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        ExpiresIn = expiresIn;
        Scopes = scopes;
        ApiUrl = apiUrl;
    }

    /// <summary>
    /// The bearer token for API calls. Opaque: Zoom's are JWTs today, but ZoomKit never parses them.
    /// Empty only in an odd answer that carried a refresh token alone, which is kept and renewed from.
    /// </summary>
    public string AccessToken { get; }

    /// <summary>The new refresh token; <see langword="null"/> for server-to-server grants or when Zoom sent none.</summary>
    public string? RefreshToken { get; }

    /// <summary>The access token's lifetime as Zoom stated it (<c>expires_in</c>).</summary>
    public TimeSpan ExpiresIn { get; }

    /// <summary>The granted scopes (<c>scope</c>, space-separated on the wire).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The API host Zoom names for this token (<c>api_url</c>), if any.</summary>
    public Uri? ApiUrl { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"ZoomTokens {{ AccessToken = [redacted], RefreshToken = {(RefreshToken is null ? "none" : "[redacted]")}, ExpiresIn = {ExpiresIn}, Scopes = {string.Join(' ', Scopes)} }}";
}
