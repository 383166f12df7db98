using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZoomKit.Internal;
using ZoomKit.OAuth.Internal;

namespace ZoomKit.OAuth;

/// <summary>
/// Zoom's OAuth 2.0 endpoints for one registered app: the authorize URL with state and PKCE,
/// the code exchange, refresh, revocation, the server-to-server grant and the device grant. Stateless; the
/// token lifecycle lives in <see cref="Tokens.ZoomTokenManager"/>.
/// </summary>
public sealed class ZoomOAuthClient
{
    private readonly HttpClient _http;
    private readonly ZoomOAuthOptions _options;
    private readonly ILogger _logger;
    private readonly AuthenticationHeaderValue _basic;
    private readonly Uri _tokenUri;
    private readonly Uri _revokeUri;
    private readonly Uri _deviceCodeUri;
    private readonly TimeProvider _time;

    /// <summary>Added to every wait between device polls.</summary>
    private static readonly TimeSpan PollMargin = TimeSpan.FromMilliseconds(100);

    /// <summary>Creates the client; <paramref name="httpClient"/> should come from <c>IHttpClientFactory</c>.</summary>
    /// <exception cref="OptionsValidationException">The options are incomplete or malformed.</exception>
    public ZoomOAuthClient(HttpClient httpClient, IOptions<ZoomOAuthOptions> options, ILogger<ZoomOAuthClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ZoomOAuthOptionsValidator.ThrowIfInvalid(_options);
        _http = httpClient;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // Zoom wants the client credentials as HTTP Basic auth (RFC 6749 §2.3.1), not in the body.
        _basic = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}")));
        _tokenUri = new Uri(_options.OAuthBaseUrl, ZoomOAuthConstants.TokenPath);
        _revokeUri = new Uri(_options.OAuthBaseUrl, ZoomOAuthConstants.RevokePath);
        _deviceCodeUri = new Uri(_options.OAuthBaseUrl, ZoomOAuthConstants.DeviceCodePath);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Starts an authorization: a fresh state, a fresh PKCE pair and the URL that carries them.</summary>
    /// <param name="redirectUri">Overrides <see cref="ZoomOAuthOptions.RedirectUri"/> (a CLI's loopback listener).</param>
    public AuthorizationRequest CreateAuthorizationRequest(Uri? redirectUri = null)
    {
        var state = Base64Url.Random(32);
        var pkce = PkceCodes.Create();
        return new AuthorizationRequest(BuildAuthorizationUri(state, pkce.Challenge, redirectUri), state, pkce);
    }

    /// <summary>The authorize URL for a given state and S256 challenge (for hosts that keep state themselves, like ASP.NET Core's OAuth handler).</summary>
    public Uri BuildAuthorizationUri(string state, string codeChallenge, Uri? redirectUri = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        var redirect = RequireRedirect(redirectUri);
        // Scopes are not sent: Zoom takes them from the app's configuration on the Marketplace.
        var query = new StringBuilder()
            .Append(ZoomOAuthConstants.Names.ResponseType).Append("=code")
            .Append('&').Append(ZoomOAuthConstants.Names.ClientId).Append('=').Append(Uri.EscapeDataString(_options.ClientId))
            .Append('&').Append(ZoomOAuthConstants.Names.RedirectUri).Append('=').Append(Uri.EscapeDataString(redirect.AbsoluteUri))
            .Append('&').Append(ZoomOAuthConstants.Names.State).Append('=').Append(Uri.EscapeDataString(state))
            .Append('&').Append(ZoomOAuthConstants.Names.CodeChallenge).Append('=').Append(Uri.EscapeDataString(codeChallenge))
            // Zoom's default method is plain (RFC 7636 §4.3); always ask for S256.
            .Append('&').Append(ZoomOAuthConstants.Names.CodeChallengeMethod).Append('=').Append(ZoomOAuthConstants.CodeChallengeMethodS256);
        return new UriBuilder(new Uri(_options.OAuthBaseUrl, ZoomOAuthConstants.AuthorizePath)) { Query = query.ToString() }.Uri;
    }

    /// <summary>Exchanges an authorization code for tokens (RFC 6749 §4.1.3, RFC 7636 §4.5).</summary>
    public Task<TokenResult> ExchangeCodeAsync(string code, string codeVerifier, Uri? redirectUri = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        var redirect = RequireRedirect(redirectUri);
        return RequestTokenAsync(ZoomOAuthConstants.GrantTypes.AuthorizationCode,
        [
            new(ZoomOAuthConstants.Names.GrantType, ZoomOAuthConstants.GrantTypes.AuthorizationCode),
            new(ZoomOAuthConstants.Names.Code, code),
            new(ZoomOAuthConstants.Names.RedirectUri, redirect.AbsoluteUri),
            new(ZoomOAuthConstants.Names.CodeVerifier, codeVerifier),
        ], [code, codeVerifier], cancellationToken);
    }

    /// <summary>Trades a refresh token for new tokens (RFC 6749 §6). Zoom rotates: the sent token dies at once.</summary>
    public Task<TokenResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return RequestTokenAsync(ZoomOAuthConstants.GrantTypes.RefreshToken,
        [
            new(ZoomOAuthConstants.Names.GrantType, ZoomOAuthConstants.GrantTypes.RefreshToken),
            new(ZoomOAuthConstants.Names.RefreshToken, refreshToken),
        ], [refreshToken], cancellationToken);
    }

    /// <summary>The account of <see cref="ZoomOAuthOptions.AccountId"/>, when a server-to-server app is configured.</summary>
    internal string? ConfiguredAccountId => _options.AccountId;

    /// <summary>Gets an access token for a server-to-server app's account (Zoom's <c>account_credentials</c> grant).</summary>
    public Task<TokenResult> RequestAccountTokenAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        return RequestTokenAsync(ZoomOAuthConstants.GrantTypes.AccountCredentials,
        [
            new(ZoomOAuthConstants.Names.GrantType, ZoomOAuthConstants.GrantTypes.AccountCredentials),
            new(ZoomOAuthConstants.Names.AccountId, accountId),
        ], [], cancellationToken);
    }

    /// <summary>
    /// Starts the device authorization grant (RFC 8628 §3.1): for a device with no browser, or none on
    /// the same machine. Show the user <see cref="DeviceAuthorization.VerificationUri"/> and
    /// <see cref="DeviceAuthorization.UserCode"/>, then <see cref="WaitForDeviceTokensAsync"/>. Zoom
    /// enables the grant per app, on request.
    /// </summary>
    /// <exception cref="ZoomOAuthException">Zoom refused (the app lacks the grant, bad credentials) or did not answer.</exception>
    public async Task<DeviceAuthorization> RequestDeviceAuthorizationAsync(CancellationToken cancellationToken = default)
    {
        var (status, mediaType, body) = await SendAsync(_deviceCodeUri, "device code",
            [new(ZoomOAuthConstants.Names.ClientId, _options.ClientId)], cancellationToken);
        var authorization = TokenResponseReader.ReadDeviceAuthorization(status, mediaType, body, _time.GetUtcNow());
        Log.DeviceCodeIssued(_logger, authorization.ExpiresAt, (int)authorization.Interval.TotalSeconds);
        return authorization;
    }

    /// <summary>
    /// Polls the token endpoint for a device authorization until its user allows or denies, or it
    /// expires (RFC 8628 §3.4–3.5): every <see cref="DeviceAuthorization.Interval"/>, 5 seconds slower
    /// after each <c>slow_down</c>, twice as slow after each network failure. A denial answers
    /// <c>access_denied</c>, an expiry <c>expired_token</c>, both as a failed <see cref="TokenResult"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TokenResult> WaitForDeviceTokensAsync(DeviceAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var interval = authorization.Interval;
        KeyValuePair<string, string>[] form =
        [
            new(ZoomOAuthConstants.Names.GrantType, ZoomOAuthConstants.GrantTypes.DeviceCode),
            new(ZoomOAuthConstants.Names.DeviceCode, authorization.DeviceCode),
        ];
        while (true)
        {
            var remaining = authorization.ExpiresAt - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return TokenResult.Failure(new OAuthError(OAuthErrorKind.Rejected, ZoomOAuthConstants.Errors.ExpiredToken, null,
                    "The device code expired before its user allowed access."));
            }
            // At least the interval (RFC 8628 §3.5), with a margin: timers may fire a little early and the two
            // clocks differ, and a poll a millisecond too soon meets slow_down, which costs 5 s for good. The
            // last poll goes out the same margin after the code expires, so that Zoom's own answer decides:
            // one sent at the very instant could land just before Zoom's expiry and only hear "pending".
            var wait = interval + PollMargin;
            await Task.Delay(wait < remaining ? wait : remaining + PollMargin, _time, cancellationToken);
            TokenResult result;
            try
            {
                var (status, mediaType, body) = await SendAsync(_tokenUri, "device token", form, cancellationToken);
                result = TokenResponseReader.Read(status, mediaType, body, [authorization.DeviceCode]);
            }
            catch (ZoomOAuthException e)
            {
                result = TokenResult.Failure(e.Error);
            }
            if (result.Succeeded)
            {
                Log.TokenIssued(_logger, ZoomOAuthConstants.GrantTypes.DeviceCode, (int)result.Tokens.ExpiresIn.TotalSeconds, result.Tokens.RefreshToken is not null);
                return result;
            }
            switch (result.Error)
            {
                case { Error: ZoomOAuthConstants.Errors.AuthorizationPending }:
                    continue;
                case { Error: ZoomOAuthConstants.Errors.SlowDown }:
                    interval += TimeSpan.FromSeconds(5);
                    Log.DeviceSlowDown(_logger, (int)interval.TotalSeconds);
                    continue;
                case { Kind: OAuthErrorKind.Transient }:
                    // RFC 8628 §3.5: back off on connection failures; a poll changes nothing at Zoom, so it is safe to repeat.
                    interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
                    Log.TokenRequestFailed(_logger, ZoomOAuthConstants.GrantTypes.DeviceCode, result.Error.Kind, result.Error.StatusCode);
                    continue;
                default:
                    Log.TokenRequestFailed(_logger, ZoomOAuthConstants.GrantTypes.DeviceCode, result.Error.Kind, result.Error.StatusCode);
                    return result;
            }
        }
    }

    /// <summary>Revokes an access token, which ends the user's authorization of the app.</summary>
    /// <exception cref="ZoomOAuthException">Zoom refused, or did not answer.</exception>
    public async Task RevokeAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var (status, mediaType, body) = await SendAsync(_revokeUri, "revoke",
            [new(ZoomOAuthConstants.Names.Token, accessToken)], cancellationToken);
        if (status is HttpStatusCode.OK or HttpStatusCode.NoContent)
        {
            Log.TokenRevoked(_logger);
            return;
        }
        var result = TokenResponseReader.Read(status, mediaType, body, [accessToken]);
        throw new ZoomOAuthException(result.Error ?? new OAuthError(OAuthErrorKind.ProtocolViolation, null, (int)status, "Unexpected answer to revoke."));
    }

    private async Task<TokenResult> RequestTokenAsync(string grantType, KeyValuePair<string, string>[] form, string?[] secrets, CancellationToken cancellationToken)
    {
        HttpStatusCode status;
        string? mediaType;
        string body;
        try
        {
            (status, mediaType, body) = await SendAsync(_tokenUri, grantType, form, cancellationToken);
        }
        catch (ZoomOAuthException e)
        {
            Log.TokenRequestFailed(_logger, grantType, e.Error.Kind, e.Error.StatusCode);
            return TokenResult.Failure(e.Error);
        }
        var result = TokenResponseReader.Read(status, mediaType, body, secrets, out var oddity);
        if (oddity is not null)
        {
            Log.OddTokenAnswer(_logger, grantType, oddity);
        }
        if (result.Succeeded)
        {
            Log.TokenIssued(_logger, grantType, (int)result.Tokens.ExpiresIn.TotalSeconds, result.Tokens.RefreshToken is not null);
        }
        else
        {
            Log.TokenRequestFailed(_logger, grantType, result.Error.Kind, result.Error.StatusCode);
        }
        return result;
    }

    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(
        Uri uri, string operation, KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TokenRequestTimeout);
        // Parameters travel in the body: Zoom has refused them in the query string since 2024 [DF 124925].
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = _basic;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.Transient, null, null,
                $"The {operation} request got no answer within {_options.TokenRequestTimeout.TotalSeconds:0.#} s.", OutcomeUnknown: true));
        }
        catch (HttpRequestException e)
        {
            // A connection that was never made cannot have changed anything at Zoom; any later failure might have.
            var unknown = e.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            throw new ZoomOAuthException(new OAuthError(OAuthErrorKind.Transient, null, null,
                $"The {operation} request failed on the network ({e.HttpRequestError}).", unknown), e);
        }
    }

    private Uri RequireRedirect(Uri? redirectUri)
    {
        var redirect = redirectUri ?? _options.RedirectUri
            ?? throw new InvalidOperationException("Zoom:RedirectUri is required for the authorization code flow.");
        if (!redirect.IsAbsoluteUri)
        {
            throw new ArgumentException("The redirect URI must be absolute, for example http://localhost:3000/zoom.", nameof(redirectUri));
        }
        return redirect;
    }
}
