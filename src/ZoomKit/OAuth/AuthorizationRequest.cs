namespace ZoomKit.OAuth;

/// <summary>
/// One authorization in progress: the URL to send the user to, and the state and PKCE verifier
/// to keep until the callback (in a protected cookie, or in memory for a CLI).
/// </summary>
public sealed class AuthorizationRequest
{
    internal AuthorizationRequest(Uri authorizationUri, string state, PkceCodes pkce)
    {
        AuthorizationUri = authorizationUri;
        State = state;
        Pkce = pkce;
    }

    /// <summary>Where to send the user's browser.</summary>
    public Uri AuthorizationUri { get; }

    /// <summary>The <c>state</c> sent, to compare with the one that comes back (RFC 6749 §10.12).</summary>
    public string State { get; }

    /// <summary>The PKCE pair; the verifier goes to <see cref="ZoomOAuthClient.ExchangeCodeAsync"/>.</summary>
    public PkceCodes Pkce { get; }

    /// <summary>Reads the redirect back from Zoom and returns its code, checking state first.</summary>
    /// <exception cref="ZoomOAuthException">Zoom reported an error, or the state or code is wrong.</exception>
    public string ReadCallback(Uri callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AuthorizationCallback.ReadCode(callback, State);
    }

    /// <inheritdoc />
    public override string ToString() => $"AuthorizationRequest {{ AuthorizationUri = {AuthorizationUri.GetLeftPart(UriPartial.Path)} }}";
}
