using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.App.Zoom;

/// <summary>Claim types the app's cookie carries: the Zoom user's identity, never a token.</summary>
internal static class ZoomClaims
{
    public const string Scheme = "Zoom";
    public const string TimeZone = "zoom:timezone";

    /// <summary>The connection's session stamp when the cookie was issued; the cookie works only while it is still the connection's.</summary>
    public const string SessionStamp = "zoomkit:session";
}

/// <summary>
/// ASP.NET Core's OAuth handler (state protection, correlation cookie, PKCE S256) with Zoom's
/// differences: the code exchange goes through ZoomKit's OAuth client (HTTP Basic auth), the tokens
/// go to the token store instead of the cookie, and the identity is <c>GET /users/me</c>.
/// </summary>
internal sealed class ZoomAuthenticationHandler(
    IOptionsMonitor<OAuthOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ZoomOAuthClient oauth,
    ZoomTokenManager tokens,
    IOptions<ZoomApiOptions> api,
    IOptions<ZoomOAuthOptions> zoom)
    : OAuthHandler<OAuthOptions>(options, logger, encoder)
{
    private const string TokensKey = "ZoomKit.App.Tokens";

    // A configured redirect URI is used as it is: Zoom compares it exactly with the allow list.
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri) =>
        base.BuildChallengeUrl(properties, zoom.Value.RedirectUri?.AbsoluteUri ?? redirectUri);

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var verifier = context.Properties.Items.TryGetValue(OAuthConstants.CodeVerifierKey, out var v) ? v : null;
        if (verifier is null)
        {
            return OAuthTokenResponse.Failed(new AuthenticationFailureException("The PKCE verifier of this sign-in is missing."));
        }
        context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey);
        var redirect = zoom.Value.RedirectUri ?? new Uri(context.RedirectUri);
        var result = await oauth.ExchangeCodeAsync(context.Code, verifier, redirect, Context.RequestAborted);
        if (!result.Succeeded)
        {
            return OAuthTokenResponse.Failed(new ZoomOAuthException(result.Error));
        }
        Context.Items[TokensKey] = result.Tokens;
        // The handler needs an access token to build the ticket; the refresh token stays out of it.
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["access_token"] = result.Tokens.AccessToken, ["token_type"] = "bearer" }));
        return OAuthTokenResponse.Success(document);
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse response)
    {
        var zoomTokens = (ZoomTokens)Context.Items[TokensKey]!;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Combine(api.Value.ApiBaseUrl), "users/me"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", zoomTokens.AccessToken);
        using var answer = await Backchannel.SendAsync(request, Context.RequestAborted);
        if (!answer.IsSuccessStatusCode)
        {
            throw new AuthenticationFailureException($"Zoom did not say who signed in (HTTP {(int)answer.StatusCode}).");
        }
        using var user = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Context.RequestAborted));
        var root = user.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var connection = await tokens.ConnectAsync(id, zoomTokens, new ZoomIdentity(id, Text(root, "account_id") is { Length: > 0 } account ? account : null), Context.RequestAborted);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, id));
        identity.AddClaim(new Claim(ZoomClaims.SessionStamp, connection.SessionStamp!));
        identity.AddClaim(new Claim(ClaimTypes.Email, Text(root, "email")));
        identity.AddClaim(new Claim(ClaimTypes.Name, Text(root, "display_name") is { Length: > 0 } name ? name : Text(root, "email")));
        identity.AddClaim(new Claim(ZoomClaims.TimeZone, Text(root, "timezone") is { Length: > 0 } zone ? zone : "UTC"));
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static Uri Combine(Uri apiBase) => new(apiBase.AbsoluteUri.EndsWith('/') ? apiBase.AbsoluteUri : apiBase.AbsoluteUri + "/");
}
