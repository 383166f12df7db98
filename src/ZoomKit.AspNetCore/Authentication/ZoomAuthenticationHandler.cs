using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZoomKit.Http;
using ZoomKit.OAuth;
using ZoomKit.Tokens;

namespace ZoomKit.AspNetCore.Authentication;

/// <summary>
/// ASP.NET Core's OAuth handler (state protection, correlation cookie, PKCE S256) with Zoom's
/// differences: the code exchange goes through ZoomKit's OAuth client (HTTP Basic auth), the tokens
/// go to the token store instead of the cookie, and the identity is <c>GET /users/me</c>.
/// </summary>
internal sealed class ZoomAuthenticationHandler(
    IOptionsMonitor<ZoomAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ZoomOAuthClient oauth,
    ZoomTokenManager tokens,
    IOptions<ZoomApiOptions> api,
    IOptions<ZoomOAuthOptions> zoom)
    : OAuthHandler<ZoomAuthenticationOptions>(options, logger, encoder)
{
    private const string TokensKey = "ZoomKit.AspNetCore.Tokens";

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
        // The base handler wants an access token to go on; with SaveTokens off it never reaches the
        // cookie, and the refresh token stays out of it altogether.
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("access_token", result.Tokens.AccessToken);
            json.WriteString("token_type", "bearer");
            json.WriteEndObject();
        }
        return OAuthTokenResponse.Success(JsonDocument.Parse(buffer.ToArray()));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse response)
    {
        var zoomTokens = (ZoomTokens)Context.Items[TokensKey]!;
        Context.Items.Remove(TokensKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(WithSlash(api.Value.ApiBaseUrl), "users/me"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", zoomTokens.AccessToken);
        using var answer = await Backchannel.SendAsync(request, Context.RequestAborted);
        if (!answer.IsSuccessStatusCode)
        {
            throw new AuthenticationFailureException($"Zoom did not say who signed in (HTTP {(int)answer.StatusCode}).");
        }
        using var user = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Context.RequestAborted));
        var root = user.RootElement;
        var id = Text(root, "id");
        if (id.Length == 0)
        {
            throw new AuthenticationFailureException("Zoom's answer to GET /users/me has no user id.");
        }
        var account = Text(root, "account_id");
        var connection = await tokens.ConnectAsync(id, zoomTokens, new ZoomIdentity(id, account.Length > 0 ? account : null), Context.RequestAborted);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, id, ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(ZoomClaimTypes.SessionStamp, connection.SessionStamp!, ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(ClaimTypes.Email, Text(root, "email"), ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(ClaimTypes.Name, Text(root, "display_name") is { Length: > 0 } name ? name : Text(root, "email"), ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(ZoomClaimTypes.TimeZone, Text(root, "timezone") is { Length: > 0 } zone ? zone : "UTC", ClaimValueTypes.String, ClaimsIssuer));
        if (account.Length > 0)
        {
            identity.AddClaim(new Claim(ZoomClaimTypes.AccountId, account, ClaimValueTypes.String, ClaimsIssuer));
        }
        var context = new OAuthCreatingTicketContext(new System.Security.Claims.ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, response, root);
        await Events.CreatingTicket(context);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static Uri WithSlash(Uri apiBase) => new(apiBase.AbsoluteUri.EndsWith('/') ? apiBase.AbsoluteUri : apiBase.AbsoluteUri + "/");
}
