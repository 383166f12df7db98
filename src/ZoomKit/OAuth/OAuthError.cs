namespace ZoomKit.OAuth;

/// <summary>How a token request failed, which decides what a caller can do about it.</summary>
public enum OAuthErrorKind
{
    /// <summary>The code or refresh token is bad, used, expired or revoked (<c>invalid_grant</c>): the user must authorize again.</summary>
    InvalidGrant,

    /// <summary>The client id or secret is wrong (<c>invalid_client</c>): a configuration error.</summary>
    InvalidClient,

    /// <summary>Another OAuth error (<c>invalid_request</c>, <c>unsupported_grant_type</c>, <c>access_denied</c>, a state mismatch).</summary>
    Rejected,

    /// <summary>Network failure, timeout, HTTP 5xx or 429: the same request may succeed later.</summary>
    Transient,

    /// <summary>An answer that breaks the protocol: not JSON, HTML, no <c>access_token</c>, an absurd <c>expires_in</c>.</summary>
    ProtocolViolation,
}

/// <summary>A failed token request, as data. Never holds a token, code, verifier or secret.</summary>
/// <param name="Kind">The class of the failure.</param>
/// <param name="Error">The <c>error</c> field of Zoom's answer, when it had one.</param>
/// <param name="StatusCode">The HTTP status, when there was an answer.</param>
/// <param name="Description">What went wrong, in words, with secrets removed.</param>
/// <param name="OutcomeUnknown">
/// The request may have been processed although no usable answer came back (a lost or broken response):
/// for a refresh, Zoom may have rotated the refresh token.
/// </param>
public sealed record OAuthError(OAuthErrorKind Kind, string? Error, int? StatusCode, string Description, bool OutcomeUnknown = false)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind}{(Error is null ? "" : $" ({Error})")}{(StatusCode is null ? "" : $" HTTP {StatusCode}")}: {Description}";
}
