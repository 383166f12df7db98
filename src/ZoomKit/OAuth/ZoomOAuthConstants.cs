namespace ZoomKit.OAuth;

/// <summary>Wire names of Zoom's OAuth 2.0 endpoints (RFC 6749, RFC 7636, RFC 7009 and Zoom's own).</summary>
public static class ZoomOAuthConstants
{
    /// <summary>The default OAuth host of Zoom.</summary>
    public const string DefaultBaseUrl = "https://zoom.us";

    /// <summary>Path of the authorization endpoint.</summary>
    public const string AuthorizePath = "/oauth/authorize";

    /// <summary>Path of the token endpoint.</summary>
    public const string TokenPath = "/oauth/token";

    /// <summary>Path of the revocation endpoint.</summary>
    public const string RevokePath = "/oauth/revoke";

    /// <summary>Path of the device authorization endpoint (RFC 8628 §3.1).</summary>
    public const string DeviceCodePath = "/oauth/devicecode";

    /// <summary>Parameter and field names.</summary>
    public static class Names
    {
        /// <summary><c>response_type</c>.</summary>
        public const string ResponseType = "response_type";
        /// <summary><c>client_id</c>.</summary>
        public const string ClientId = "client_id";
        /// <summary><c>redirect_uri</c>.</summary>
        public const string RedirectUri = "redirect_uri";
        /// <summary><c>state</c>.</summary>
        public const string State = "state";
        /// <summary><c>code</c>.</summary>
        public const string Code = "code";
        /// <summary><c>code_challenge</c>.</summary>
        public const string CodeChallenge = "code_challenge";
        /// <summary><c>code_challenge_method</c>.</summary>
        public const string CodeChallengeMethod = "code_challenge_method";
        /// <summary><c>code_verifier</c>.</summary>
        public const string CodeVerifier = "code_verifier";
        /// <summary><c>grant_type</c>.</summary>
        public const string GrantType = "grant_type";
        /// <summary><c>refresh_token</c>.</summary>
        public const string RefreshToken = "refresh_token";
        /// <summary><c>account_id</c>.</summary>
        public const string AccountId = "account_id";
        /// <summary><c>token</c>.</summary>
        public const string Token = "token";
        /// <summary><c>error</c>.</summary>
        public const string Error = "error";
        /// <summary><c>device_code</c> (RFC 8628 §3.4).</summary>
        public const string DeviceCode = "device_code";
    }

    /// <summary>Values of <c>grant_type</c>.</summary>
    public static class GrantTypes
    {
        /// <summary>RFC 6749 §4.1.3.</summary>
        public const string AuthorizationCode = "authorization_code";
        /// <summary>RFC 6749 §6.</summary>
        public const string RefreshToken = "refresh_token";
        /// <summary>Zoom's server-to-server grant.</summary>
        public const string AccountCredentials = "account_credentials";
        /// <summary>The device authorization grant (RFC 8628 §3.4).</summary>
        public const string DeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
    }

    /// <summary>Values of <c>error</c> (RFC 6749 §5.2, §4.1.2.1).</summary>
    public static class Errors
    {
        /// <summary><c>invalid_grant</c>: the code or refresh token is bad, used, expired or revoked.</summary>
        public const string InvalidGrant = "invalid_grant";
        /// <summary><c>invalid_client</c>: the client id or secret is wrong.</summary>
        public const string InvalidClient = "invalid_client";
        /// <summary><c>invalid_request</c>: older Zoom answers bad codes and refresh tokens with it.</summary>
        public const string InvalidRequest = "invalid_request";
        /// <summary><c>unsupported_grant_type</c>.</summary>
        public const string UnsupportedGrantType = "unsupported_grant_type";
        /// <summary><c>access_denied</c>: the user refused consent.</summary>
        public const string AccessDenied = "access_denied";
        /// <summary><c>authorization_pending</c>: the device's user has not decided yet; poll again (RFC 8628 §3.5).</summary>
        public const string AuthorizationPending = "authorization_pending";
        /// <summary><c>slow_down</c>: poll again, 5 seconds later than before, from now on (RFC 8628 §3.5).</summary>
        public const string SlowDown = "slow_down";
        /// <summary><c>expired_token</c>: the device code expired before its user allowed (RFC 8628 §3.5).</summary>
        public const string ExpiredToken = "expired_token";
    }

    /// <summary>The PKCE method ZoomKit sends (RFC 7636 §4.2). Zoom defaults to <c>plain</c>.</summary>
    public const string CodeChallengeMethodS256 = "S256";
}
